# edge_case_missing_in: a differential test (edge), compared with dash.
case x
esac
