# basic_echo: a differential test (basic), compared with dash.
echo hello world
echo   spaced     out
echo 'single  quoted' "double  quoted"
