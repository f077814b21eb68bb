/// What every page of the web UI starts with: its stylesheet and script by URLs that change
/// with their content (so they may be cached for good), and no favicon request.
enum WebDocument {
    static func head(title: String) -> String {
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>\(HTMLText.escape(title))</title><link rel=\"icon\" href=\"data:,\">"
            + "<link rel=\"stylesheet\" href=\"\(WebAsset.style.url)\">"
            + "<script src=\"\(WebAsset.script.url)\" defer></script></head>"
    }
}
