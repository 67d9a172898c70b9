/** The hall's edge agent. */
export {}
