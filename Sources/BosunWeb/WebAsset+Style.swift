extension WebAsset {
    /// The pages' look: supervisord's table, readable on a phone (rows become cards), and
    /// dark when the system is.
    static let style = WebAsset(
        path: "/ui/bosun.css", contentType: "text/css; charset=utf-8",
        text: #"""
            :root{--bg:#fff;--fg:#1d2327;--mute:#646970;--line:#dcdcde;--head:#f6f7f7;--ok:#00803a;--err:#c9252d;--nom:#8a6d00;--btn:#f0f0f1;color-scheme:light dark}
            @media (prefers-color-scheme:dark){:root{--bg:#16181a;--fg:#e6e6e6;--mute:#a0a5aa;--line:#33373a;--head:#202326;--ok:#4cc97a;--err:#ff6b6b;--nom:#e0b84c;--btn:#2a2e31}}
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;background:var(--bg);color:var(--fg)}
            header{display:flex;flex-wrap:wrap;align-items:center;gap:.5em 1em;padding:.6em 1em;border-bottom:1px solid var(--line);background:var(--head)}
            h1{font-size:1.15em;margin:0}
            .ident,.mood,#live{color:var(--mute)}
            #live{margin-left:auto;font-size:.9em}
            form{margin:0}
            .msg{margin:.6em 1em;padding:.5em .8em;border-left:4px solid var(--ok);background:var(--head);overflow-wrap:anywhere}
            .msg.error{border-color:var(--err)}
            .bar{display:flex;flex-wrap:wrap;align-items:center;gap:.4em;padding:.6em 1em}
            #filter{flex:1 1 12em;max-width:20em;padding:.35em .5em;border:1px solid var(--line);border-radius:4px;background:var(--bg);color:var(--fg);font:inherit}
            #counts{display:inline-flex;flex-wrap:wrap;gap:.3em;color:var(--mute)}
            #counts button{font-size:.9em;padding:.15em .5em}
            #counts button[aria-pressed=true]{outline:2px solid var(--fg)}
            button,.button{display:inline-block;padding:.3em .7em;border:1px solid var(--line);border-radius:4px;background:var(--btn);color:var(--fg);font:inherit;text-decoration:none;cursor:pointer}
            button:disabled{opacity:.5;cursor:progress}
            .button[aria-current]{font-weight:600;outline:2px solid var(--mute)}
            table{width:100%;border-collapse:collapse}
            th,td{text-align:left;vertical-align:top;padding:.45em 1em;border-bottom:1px solid var(--line)}
            thead th{background:var(--head);font-weight:600}
            tr.group th,tr.group td{background:var(--head);font-weight:600}
            tr.group small,td small{display:block;color:var(--mute);font-weight:normal}
            tr[hidden]{display:none}
            .st{font-weight:600;text-transform:lowercase}
            .st.running{color:var(--ok)}.st.error{color:var(--err)}.st.nominal{color:var(--nom)}
            td.name a{color:inherit;font-weight:600;overflow-wrap:anywhere}
            td.act{white-space:nowrap}
            td.act button,td.act a,tr.group button{margin:0 .3em .3em 0;font-size:.9em}
            td.act a{color:var(--mute);white-space:nowrap}
            footer{padding:1em;color:var(--mute);font-size:.85em}
            pre#tail{margin:0;padding:.8em 1em;font:12px/1.45 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;overflow-wrap:anywhere}
            @media (max-width:640px){
            thead{display:none}
            table,tbody,tr,td,th{display:block}
            tr{display:flex;flex-wrap:wrap;gap:0 .8em;padding:.5em .8em;border-bottom:1px solid var(--line)}
            tr[hidden]{display:none}
            td,th{padding:.15em 0;border:0}
            td.name{order:-2;flex:1;font-size:1.05em}
            td.state{order:-1}
            td.desc,td.act{flex-basis:100%;white-space:normal}
            }
            """#)
}
