# control_break_outside_loop: a differential test (control), compared with dash.
break
echo still here
continue
echo and here
