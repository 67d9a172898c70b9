/** The hall screen and window screen pages. */
export {}
