/// The login shells' completion for `bosun` (`bosun --tab-completion-script SHELL`; scripts/install
/// installs all three). Each only hands the command line up to the cursor to
/// `bosun --tab-complete`, so commands, options and process names always come from the bosun that
/// runs, its command table and the daemon it talks to, and cannot drift from `help`.
enum CompletionScript: String {
    case bash
    case zsh
    case fish

    var text: String {
        switch self {
        case .bash:
            """
            # bash completion for bosun (bosun --tab-completion-script bash)
            _bosun() {
                local line="${COMP_LINE:0:COMP_POINT}"
                local candidates
                # One candidate a line, never globbed (`group:*` is a candidate).
                mapfile -t candidates < <("${COMP_WORDS[0]}" --tab-complete "$line" 2>/dev/null)
                # bash splits words at ':' (COMP_WORDBREAKS): `group:name` candidates lose the
                # part before the ':' that bash already counts as another word.
                local word="${line##*[[:space:]]}"
                if [[ "$word" == *:* && "$COMP_WORDBREAKS" == *:* ]]; then
                    local prefix="${word%"${word##*:}"}"
                    candidates=("${candidates[@]#"$prefix"}")
                fi
                COMPREPLY=("${candidates[@]}")
            }
            complete -o default -F _bosun bosun

            """
        case .zsh:
            """
            #compdef bosun
            # zsh completion for bosun (bosun --tab-completion-script zsh)
            # The words of this command (not of the whole buffer: `sudo bosun ...`, `x && bosun`),
            # from bosun on, up to the cursor.
            local -a candidates
            candidates=(${(f)"$(${words[1]} --tab-complete "${(j: :)words[1,CURRENT-1]} $PREFIX" 2>/dev/null)"})
            if (( ${#candidates} )); then
                compadd -- "${candidates[@]}"
            else
                _files
            fi

            """
        case .fish:
            """
            # fish completion for bosun (bosun --tab-completion-script fish)
            complete -c bosun -f -a '(bosun --tab-complete (commandline -cp) 2>/dev/null)'
            complete -c bosun -s c -l configuration -r -F -d 'configuration file'
            complete -c bosun -l fleet -r -F -d 'fleet file'

            """
        }
    }
}
