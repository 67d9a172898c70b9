/** The cloud scheduler. */
export {}
