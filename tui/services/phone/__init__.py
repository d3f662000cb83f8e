"""The phone: one stream of call events (ringing, answered, hold, resume, ended) from a softphone.

Sources: baresip's ctrl_tcp module (baresip.py) and `callcoach event` over a local socket in the
data directory (local_socket.py). Both turn what they hear into tui.domain.call.phone_events
values and hand them to one sink; the desk applies them exactly as it applies its own keys.
"""
