/// The answer to an action the page's script sent: the message in an `<output>` (with
/// `data-failed` when it failed, and the supervisor's epoch: rows of another supervisor than
/// the page follows are not put in) and the rows the action was about, as they are now, in a
/// `<table>` (a `<template>` drops rows that follow other content outside one).
package enum ActionReply {
    package static func html(message: String, failed: Bool, rows: [StatusTable.Row], version: Int, epoch: Int) -> String {
        var html = "<output data-epoch=\"\(epoch)\"\(failed ? " data-failed=\"1\"" : "")>\(HTMLText.escape(message))</output>"
        html += "<table><tbody>"
        for row in rows { html += row.html(version: version) }
        return html + "</tbody></table>"
    }
}
