#!/usr/bin/env python3
"""Writes bosun's man pages from the sources its help comes from, so they cannot drift:

  bosun.1          `bosun -h`, the command list (`bosun --tab-complete`) and `bosun help CMD`
  bosund.8         `bosund --help`
  bosund.conf.5    `bosund --sample-config` (its sections, options and comments)
  bosun-script.7   docs/scripting.md

Usage: scripts/manpages.py --bosun PATH --bosund PATH --docs DIR --out DIR
"""
import argparse
import datetime
import os
import re
import subprocess
import tempfile


def last_commit_date():
    """The date of the last commit (safe.directory: the clone may belong to someone else when
    this runs as root), or today's."""
    try:
        date = subprocess.run(
            ["git", "-c", "safe.directory=*", "log", "-1", "--format=%cs"], capture_output=True, text=True,
            cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip()
    except OSError:
        date = ""
    return date or datetime.date.today().isoformat()


DATE = os.environ.get("BOSUN_MAN_DATE") or last_commit_date()
# Every run of the binaries happens in an empty directory with an empty config, so that no
# config on this machine changes what they print.
WORKDIR = tempfile.mkdtemp(prefix="bosun-manpages-")
CONFIG = os.path.join(WORKDIR, "bosun.conf")
with open(CONFIG, "w") as config:
    config.write("[supervisorctl]\nserverurl=unix:///nonexistent/bosun-manpages.sock\n")


def text(value):
    """Running text as roff: backslashes escaped, non-ASCII as \\[uXXXX], no line that a
    leading '.' or "'" would make a request."""
    value = value.replace("\\", "\\e")
    value = "".join(c if ord(c) < 128 else "\\[u%04X]" % ord(c) for c in value)
    value = value.replace("-", "\\-")
    return "\n".join("\\&" + line if line.startswith((".", "'")) else line for line in value.split("\n"))


def inline(markdown):
    """Markdown's inline marks as roff fonts: `code` and **bold** bold, links as their text."""
    markdown = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)
    parts = re.split(r"(`[^`]+`|\*\*[^*]+\*\*)", markdown)
    out = ""
    for part in parts:
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out += "\\fB" + text(part[1:-1]) + "\\fR"
        elif part.startswith("**") and part.endswith("**") and len(part) > 3:
            out += "\\fB" + text(part[2:-2]) + "\\fR"
        else:
            out += text(part)
    return out


def header(name, section, title):
    # Left-adjusted and unhyphenated: option names and paths stay whole.
    return ['.TH %s %s "%s" "bosun" "%s"' % (name.upper(), section, DATE, title), ".ad l", ".nh"]


def run(executable, *arguments):
    """The output of `executable` run as its own name (so usage texts say `bosun`)."""
    name = os.path.basename(executable)
    result = subprocess.run([name, *arguments], executable=executable, capture_output=True, text=True,
                            env=dict(os.environ, LC_ALL="C.UTF-8"), cwd=WORKDIR, check=True)
    return result.stdout


def options_list(lines):
    """The usage text's entries, `-c/--configuration FILENAME -- what it does` (continued on
    indented lines), as .TP entries; a `Title:` line above some starts a subsection."""
    out = []
    in_entry = False
    for line in lines:
        if " -- " in line and not line.startswith(" "):
            flag, description = line.split(" -- ", 1)
            out += [".TP", "\\fB" + text(flag.strip()) + "\\fR", text(description.strip())]
            in_entry = True
        elif line.startswith(" ") and line.strip() and in_entry:
            out.append(text(line.strip()))
        else:
            in_entry = False
            if line.endswith(":") and not line.startswith(("-", " ")) and line.strip() != "Options:":
                out += [".SS " + text(line[:-1])]
    return out


def bosun_page(bosun):
    usage = run(bosun, "-h").split("\n")
    commands = [c for c in run(bosun, "--tab-complete", "bosun -c %s " % CONFIG).split() if c not in ("help",)]
    page = header("bosun", 1, "User Commands")
    page += [".SH NAME", "bosun \\- control the programs bosund or supervisord runs, from a shell, a script or one command line"]
    page += [".SH SYNOPSIS", ".B bosun", "[\\fIoptions\\fR] [\\fIaction\\fR [\\fIarguments\\fR]]", ".br", ".B bosun",
             "[\\fIoptions\\fR] \\fIFILE\\fR | \\fB\\-e\\fR \\fICODE\\fR | \\fB\\-\\fR [\\fIargs\\fR]"]
    page += [".SH DESCRIPTION", text(
        "bosun speaks XML-RPC to any supervisord-compatible daemon (bosund, or supervisord 4.3) with every "
        "supervisorctl command, the same output and exit statuses, and commands of its own. Without an action "
        "it starts an interactive shell with line editing, history and completion. A FILE, -e CODE or - runs a "
        "script in bosun's scripting language (bosun-script(7)).")]
    page += [".SH OPTIONS"] + options_list(usage[1:])
    page += [".SH COMMANDS", text("Each command as `help COMMAND` describes it. rotate and top are bosun's own.")]
    for command in commands:
        helptext = run(bosun, "-c", CONFIG, "help", command).rstrip("\n")
        page += [".SS " + text(command)]
        for line in helptext.split("\n"):
            if "\t" in line:
                usage_part, _, description = line.partition("\t")
                page += [".TP", "\\fB" + text(usage_part.strip()) + "\\fR", text(description.strip("\t ")) or "\\&"]
            elif line.strip():
                page += [".PP" if not page[-1].startswith(".") else "", text(line.strip())]
    page = [line for line in page if line != ""]
    page += [".SH EXIT STATUS", ".TP", "0", "success", ".TP", "1", "an error (a fault, a failed action)",
             ".TP", "2", "a usage error", ".TP", "3", "status: a process named is not running",
             ".TP", "4", "status: a name is unknown, or the daemon could not be reached",
             ".TP", "130", "interrupted (Ctrl\\-C)"]
    page += [".SH FILES", ".TP", "\\fI/etc/bosun/bosund.conf\\fR",
             text("Read after supervisor's own search list (../etc/supervisord.conf, ../supervisord.conf, "
                  "./supervisord.conf, ./etc/supervisord.conf, /etc/supervisord.conf, "
                  "/etc/supervisor/supervisord.conf) when -c is not given; its [supervisorctl] section says where the "
                  "daemon listens.")]
    page += [".SH SEE ALSO", "\\fBbosund\\fR(8), \\fBbosund.conf\\fR(5), \\fBbosun\\-script\\fR(7), \\fBsupervisorctl\\fR(1)"]
    return page


def bosund_page(bosund):
    usage = run(bosund, "--help").split("\n")
    page = header("bosund", 8, "System Administration")
    page += [".SH NAME", "bosund \\- run a set of programs as daemons (a supervisord drop\\-in)"]
    page += [".SH SYNOPSIS", ".B bosund", "[\\fIoptions\\fR]"]
    page += [".SH DESCRIPTION", text(
        "bosund reads supervisord's configuration (bosund.conf(5)), starts the programs it names, restarts them "
        "by its rules, logs their output and answers supervisord's XML-RPC interface, so supervisorctl and bosun "
        "(bosun(1)) control it as they control supervisord. It adds readiness checks, start order, log options, "
        "a web UI and /metrics, all through options supervisord ignores.")]
    page += [".SH OPTIONS"] + options_list(usage[1:])
    page += [".SH SIGNALS", ".TP", "SIGTERM, SIGINT, SIGQUIT",
             text("Stop every program in reverse priority order, then exit."),
             ".TP", "SIGHUP", text("Stop every program, read the configuration again and start them."),
             ".TP", "SIGUSR2", text("Reopen the main log and every program's log files (after an outside rotation)."),
             ".TP", "SIGCHLD", text("Reap exited children: programs, and any orphan re-parented to bosund (as PID 1, "
                                     "or with subreaper=true).")]
    page += [".SH EXIT STATUS", ".TP", "0", text("It was asked to stop (a signal, or the shutdown command)."),
             ".TP", "1", text("Something failed while it ran (a program with exit_on_fatal=true went FATAL); "
                              "--check exits 1 for a configuration it refuses."),
             ".TP", "2", text("The command line or the configuration could not be used at start-up.")]
    page += [".SH FILES", ".TP", "\\fI/etc/bosun/bosund.conf\\fR",
             text("The configuration, when -c is not given and none of supervisord's default paths exists.")]
    page += [".SH SEE ALSO", "\\fBbosund.conf\\fR(5), \\fBbosun\\fR(1), \\fBsupervisord\\fR(1)"]
    return page


def config_page(bosund):
    sample = run(bosund, "--sample-config").split("\n")
    page = header("bosund.conf", 5, "File Formats")
    page += [".SH NAME", "bosund.conf \\- bosund's configuration (supervisord's format)"]
    page += [".SH DESCRIPTION", text(
        "An INI file of sections. This page is bosund --sample-config, which prints the same as a file to start "
        "from; options marked (bosund) are bosund's own, and supervisord ignores them.")]
    prose = []
    section_open = False
    for line in sample:
        stripped = line.lstrip(";").rstrip()
        match = re.match(r"^;?\[([^\]]+)\]\s*(?:;\s*(.*))?$", line)
        if match:
            page += [".SH " + text("[" + match.group(1) + "]").replace("\\-", "-")]
            if match.group(2):
                page += [".PP", text(match.group(2))]
            if prose:
                page += [".PP", text(" ".join(prose))]
            prose = []
            section_open = True
            continue
        option = re.match(r"^;?([A-Za-z_.]+)\s*=\s*(.*?)\s*(?:;\s*(.*))?$", line)
        if option and section_open:
            name, value, comment = option.group(1), option.group(2), option.group(3) or ""
            # `\\:` lets a long name=value pair break after the `=`.
            page += [".TP", "\\fB" + text(name) + "\\fR=\\:\\fI" + text(value) + "\\fR", text(comment) or "\\&"]
        elif line.startswith(";"):
            prose.append(stripped.strip())
        elif not line.strip() and prose:
            if not section_open:
                page += [".PP", text(" ".join(p for p in prose if p))]
                prose = []
    page += [".SH SEE ALSO", "\\fBbosund\\fR(8), \\fBbosun\\fR(1)"]
    return page


def script_page(docs):
    lines = open(os.path.join(docs, "scripting.md"), encoding="utf-8").read().split("\n")
    page = header("bosun-script", 7, "Miscellaneous")
    page += [".SH NAME", "bosun\\-script \\- the bosun scripting language"]
    paragraph = []

    def flush():
        if paragraph:
            page.extend([".PP", inline(" ".join(paragraph))])
            paragraph.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("```"):
            flush()
            page += [".PP", ".RS 4", ".nf"]
            index += 1
            while index < len(lines) and not lines[index].startswith("```"):
                page.append(text(lines[index]) or "\\&")
                index += 1
            page += [".fi", ".RE"]
        elif line.startswith("# "):
            flush()
            page += [".SH DESCRIPTION"]
        elif line.startswith("## "):
            flush()
            page += [".SH " + text(line[3:].upper())]
        elif line.startswith("### "):
            flush()
            page += [".SS " + inline(line[4:])]
        elif line.startswith("|"):
            flush()
            # Cells split at pipes that are not escaped (`a \\| b` in a cell is a pipe).
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
            if all(re.fullmatch(r":?-+:?", c) for c in cells if c):
                pass
            else:
                page += [".TP", inline(cells[0]) or "\\&", inline(" \\(em ".join(cells[1:])).replace("\\e(em", "\\(em") or "\\&"]
        elif re.match(r"^\s*[-*] ", line):
            flush()
            page += [".IP \\(bu 2", inline(re.sub(r"^\s*[-*] ", "", line))]
            while index + 1 < len(lines) and lines[index + 1].startswith("  ") and lines[index + 1].strip():
                index += 1
                page.append(inline(lines[index].strip()))
        elif not line.strip():
            flush()
        else:
            paragraph.append(line.strip())
        index += 1
    flush()
    page += [".SH SEE ALSO", "\\fBbosun\\fR(1), \\fBbosund\\fR(8)"]
    return page


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bosun", required=True)
    parser.add_argument("--bosund", required=True)
    parser.add_argument("--docs", required=True)
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    os.makedirs(arguments.out, exist_ok=True)
    pages = {
        "bosun.1": bosun_page(arguments.bosun),
        "bosund.8": bosund_page(arguments.bosund),
        "bosund.conf.5": config_page(arguments.bosund),
        "bosun-script.7": script_page(arguments.docs),
    }
    for name, lines in pages.items():
        with open(os.path.join(arguments.out, name), "w", encoding="ascii") as page:
            page.write("\n".join(lines) + "\n")
    os.remove(CONFIG)
    os.rmdir(WORKDIR)


if __name__ == "__main__":
    main()
