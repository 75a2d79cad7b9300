# edge_glob_in_case_word: a differential test (edge), compared with dash.
touch q1
x='q*'
case q1 in $x) echo globmatch;; esac
