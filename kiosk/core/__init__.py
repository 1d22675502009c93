"""The domain core: queue rules, numbering, schedule and waits. No I/O here.

Only the standard library may be imported; the clock is passed in.
"""
