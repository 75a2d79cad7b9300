# if_basic: a differential test (if), compared with dash.
if true; then echo t1; fi
if false; then echo no; else echo e1; fi
if false; then echo no; elif true; then echo elif1; else echo no; fi
if false; then echo no; elif false; then echo no; else echo else2; fi
