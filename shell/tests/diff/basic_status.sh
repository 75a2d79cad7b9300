# basic_status: a differential test (basic), compared with dash.
false; echo $?
true; echo $?
(exit 7); echo $?
sh_missing_command_xyz 2>/dev/null; echo $?
