"""The scheduled jobs' runs and the heartbeats, read-only: the scheduler and the worker write them."""

from sharaka.core.admin_readonly import register_read_only
from sharaka.operations.models import Heartbeat, JobRun

register_read_only(JobRun, Heartbeat)
