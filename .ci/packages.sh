# Extra Debian packages the tests need, added by the parts that need them:
# PACKAGES[<command that proves it is installed>]=<Debian package>
# The virtual printer's PNG render draws text with GNU Unifont's bitmap glyphs, a data file with
# no command of its own: ask for the package while the file is missing.
[ -f /usr/share/unifont/unifont.hex ] || PACKAGES[unifont.hex]=unifont
