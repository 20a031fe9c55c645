"""A deliberately wrong amlint, for the suite's own tests: the real binary's JSON report, bent.

    python wrong_amlint.py check --format json … FILE

`WRONG_AMLINT=error:RULE` adds an error of RULE at the file's first line (a false error);
`WRONG_AMLINT=silent` drops every finding (a miss). The real binary is `$REAL_AMLINT`.
"""

import json
import os
import subprocess
import sys

done = subprocess.run([os.environ["REAL_AMLINT"], *sys.argv[1:]], capture_output=True, text=True, check=False)
if sys.argv[1:2] == ["rules"]:
    # The registry is asked as it is: only reports are bent.
    print(done.stdout, end="")
    sys.exit(done.returncode)
report = json.loads(done.stdout)
mode = os.environ.get("WRONG_AMLINT", "")
if mode == "silent":
    report["diagnostics"] = []
elif mode.startswith("error:"):
    position = {"line": 1, "column": 1}
    report["diagnostics"].append(
        {
            "rule": mode.split(":", 1)[1],
            "severity": "error",
            "file": sys.argv[-1],
            "range": {"start": position, "end": position},
            "message": "injected",
        }
    )
print(json.dumps(report))
sys.exit(1 if report["diagnostics"] else 0)
