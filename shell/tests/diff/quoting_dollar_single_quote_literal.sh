# quoting_dollar_single_quote_literal: a differential test (quoting), compared with dash.
echo '$(not run)' '`nor this`'
