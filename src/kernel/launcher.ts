/**
 * The kernel launcher `tslit install` writes beside kernel.json: a Python script (Jupyter always
 * has a Python; kernel.json's "python3" is Jupyter's own) that checks the Node.js and the tslit
 * package the kernelspec names still exist, then execs Node in its place (same pid, so
 * SIGINT interrupts still reach the kernel).
 *
 * Why: a kernelspec left behind by an upgraded or removed Node.js, a moved project folder or an
 * uninstalled tslit otherwise dies with a bare "No such file or directory" in the server log,
 * and JupyterLab just shows the kernel restarting. The launcher says what to do.
 */
export const LAUNCHER_FILE = 'launch_tslit.py';

export const LAUNCHER_SOURCE = `"""Starts the tslit kernel (written by \`tslit install\`): argv is NODE TSLIT_BIN ARGS..."""
import os
import sys


def fail(problem):
    here = os.path.dirname(os.path.abspath(__file__))
    prefix = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(here))))
    sys.stderr.write(
        "tslit kernel: %s\\n"
        "  To fix: in your project folder (the one holding node_modules/tslit) run\\n"
        "    npm install tslit   # only if tslit is no longer installed there\\n"
        "    npx tslit install --prefix %s\\n"
        "  with the Node.js you use now, then start the kernel again.\\n"
        "  (kernelspec: %s)\\n" % (problem, prefix, here)
    )
    sys.exit(1)


def main():
    if len(sys.argv) < 3:
        fail("the kernelspec's argv is incomplete: %r" % (sys.argv[1:],))
    node, bin_js = sys.argv[1], sys.argv[2]
    if not os.path.exists(node):
        fail("Node.js %s no longer exists (it was removed, moved or upgraded)." % node)
    if not os.access(node, os.X_OK):
        fail("Node.js %s is not executable." % node)
    if not os.path.exists(bin_js):
        fail("the tslit package %s no longer exists (the project moved or tslit was uninstalled)." % bin_js)
    os.execv(node, [node] + sys.argv[2:])


main()
`;
