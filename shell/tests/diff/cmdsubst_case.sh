# cmdsubst_case: a differential test (cmdsubst), compared with dash.
x=$(case a in a) echo matched;; esac)
echo $x
