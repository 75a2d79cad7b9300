# misc_keyword_as_arg: a differential test (misc), compared with dash.
echo if then else fi do done case esac
