# case_empty_and_paren: a differential test (case), compared with dash.
case x in
(x) echo paren;;
esac
case y in
y) ;;
esac
echo status $?
case z in esac
