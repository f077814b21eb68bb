/// The login shells' completion for `bosun` (`bosun --completion-script SHELL`; scripts/install
/// installs all three). Each only hands the command line up to the cursor to
/// `bosun --complete`, so commands, options and process names always come from the bosun that
/// runs, its command table and the daemon it talks to, and cannot drift from `help`.
enum CompletionScript: String {
    case bash
    case zsh
    case fish

    var text: String {
        switch self {
        case .bash:
            """
            # bash completion for bosun (bosun --completion-script bash)
            _bosun() {
                local line="${COMP_LINE:0:COMP_POINT}"
                local IFS=$'\\n'
                local candidates
                candidates=($("${COMP_WORDS[0]}" --complete "$line" 2>/dev/null))
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
            # zsh completion for bosun (bosun --completion-script zsh)
            local -a candidates
            candidates=(${(f)"$(${words[1]} --complete "${BUFFER[1,CURSOR]}" 2>/dev/null)"})
            if (( ${#candidates} )); then
                compadd -- "${candidates[@]}"
            else
                _files
            fi

            """
        case .fish:
            """
            # fish completion for bosun (bosun --completion-script fish)
            complete -c bosun -f -a '(bosun --complete (commandline -cp) 2>/dev/null)'
            complete -c bosun -s c -l configuration -r -F -d 'configuration file'
            complete -c bosun -l fleet -r -F -d 'fleet file'

            """
        }
    }
}
