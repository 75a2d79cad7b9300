# case_status: a differential test (case), compared with dash.
case nomatch in x) ;; esac
echo $?
false
case a in a) ;; esac
echo $?
