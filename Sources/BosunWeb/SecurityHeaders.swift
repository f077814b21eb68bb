/// The headers every web UI answer carries: scripts, styles and connections only from the
/// daemon itself (no inline script, so markup that slipped through escaping cannot run), no
/// framing (clickjacking, supervisor issue 1479), no content sniffing, no referrer leaving the
/// origin (`same-origin`: with `no-referrer` a browser posts a form with `Origin: null`).
package enum SecurityHeaders {
    package static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
        "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'",
    ].joined(separator: "; ")

    package static let all: [(name: String, value: String)] = [
        ("Content-Security-Policy", contentSecurityPolicy),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        ("Cross-Origin-Resource-Policy", "same-origin"),
    ]
}
