/// The answer to an action the page's script sent: the message in an `<output>` (with
/// `data-failed` when it failed) and the rows the action was about, as they are now, in a
/// `<table>` (a `<template>` drops rows that follow other content outside one).
package enum ActionReply {
    package static func html(message: String, failed: Bool, rows: [StatusTable.Row], version: Int) -> String {
        var html = "<output\(failed ? " data-failed=\"1\"" : "")>\(HTMLText.escape(message))</output><table><tbody>"
        for row in rows { html += row.html(version: version) }
        return html + "</tbody></table>"
    }
}
