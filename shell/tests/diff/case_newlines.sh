# case_newlines: a differential test (case), compared with dash.
case foo
in
foo)
echo matched
;;
esac
