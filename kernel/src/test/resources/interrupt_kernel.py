"""Starts the 'java' kernel through jupyter_client, interrupts two running cells (one sleeping, one
busy-looping) and prints one JSON line per execute reply, for JupyterKernelTest."""
import json
import time

from jupyter_client.manager import start_new_kernel

km, kc = start_new_kernel(kernel_name="java")


def reply_to(msg_id):
    while True:
        msg = kc.get_shell_msg(timeout=30)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"]


try:
    for code in ["int x = 1;\nThread.sleep(60_000);", "while (true) { x++; }"]:
        msg_id = kc.execute(code)
        time.sleep(1.5)
        km.interrupt_kernel()
        content = reply_to(msg_id)
        print(json.dumps({"status": content["status"], "ename": content.get("ename")}))
    content = reply_to(kc.execute("x > 1"))
    print(json.dumps({"status": content["status"], "ename": None}))
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
