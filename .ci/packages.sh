# Extra Debian packages the tests need, added by the parts that need them:
# PACKAGES[<command that proves it is installed>]=<Debian package>
