# edge_case_var_pattern_chars: a differential test (edge), compared with dash.
p='a|b'
case a in $p) echo no;; *) echo p-is-one-pattern;; esac
