# edge_case_star_in_middle: a differential test (edge), compared with dash.
case foo.tar.gz in *.tar.*) echo tarball;; esac
case abc in a*c) echo ac;; esac
case abc in a?c) echo aqc;; esac
case a in ?*) echo nonempty;; esac
case '' in ?*) echo never;; *) echo empty;; esac
