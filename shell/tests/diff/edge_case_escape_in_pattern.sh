# edge_case_escape_in_pattern: a differential test (edge), compared with dash.
case 'a*' in a\*) echo lit;; esac
case 'ab' in a\*) echo no;; *) echo fine;; esac
case '\' in \\) echo backslash;; esac
