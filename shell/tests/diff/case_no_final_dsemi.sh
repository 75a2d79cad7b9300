# case_no_final_dsemi: a differential test (case), compared with dash.
case a in
b) echo b;;
a) echo a
esac
