package io.github.nightlymigration.notebook;

/** Runs a notebook's code cells one after another, keeping state from cell to cell. */
interface CellEvaluator extends AutoCloseable {
    /**
     * Runs one cell.
     *
     * @return the value of the cell's last snippet if that snippet is an expression with a non-null value
     * @throws CellCompileException     the cell does not compile (nothing after the bad snippet ran)
     * @throws CellInterruptedException the kernel stopped the cell ({@link CellEngine#interrupt()})
     * @throws Exception                whatever the cell threw, as thrown; a thrown {@link Error} comes
     *                                  wrapped in {@link UncaughtErrorException}
     */
    CellValue eval(String cellSource) throws Exception;

    @Override
    void close();
}
