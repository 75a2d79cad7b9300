# edge_double_semicolon_outside_case: a differential test (edge), compared with dash.
echo a ;;
