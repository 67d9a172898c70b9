# Extra Debian packages the tests need, added by the parts that need them:
# PACKAGES[<command that proves it is installed>]=<Debian package>
# The virtual printer's PNG render draws text with GNU Unifont's bitmap glyphs, a data file with
# no command of its own: ask for the package while the file is missing.
[ -f /usr/share/unifont/unifont.hex ] || PACKAGES[unifont.hex]=unifont
# The hall screen falls back to speech the edge renders with espeak-ng (Mandarin) when the
# browser has no Mandarin voice; the voice tests check the rendered WAV with sox.
PACKAGES[espeak-ng]=espeak-ng
PACKAGES[sox]=sox
# The hall pages' screenshots draw Chinese with Noto Sans CJK, as Debian's Chinese desktops do
# (a font file, no command: asked for while the file is missing).
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || PACKAGES[NotoSansCJK-Regular.ttc]=fonts-noto-cjk
