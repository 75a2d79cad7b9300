# errors_unexpected_esac: a differential test (errors), compared with dash.
esac
