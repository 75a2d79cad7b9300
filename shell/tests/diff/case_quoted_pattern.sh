# case_quoted_pattern: a differential test (case), compared with dash.
x='*'
case a in "$x") echo bad;; *) echo good;; esac
case '*' in "$x") echo good2;; esac
case a in $x) echo good3;; esac
