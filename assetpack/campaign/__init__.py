"""Scheduled campaigns: several briefs, each built on its own cron schedule and time zone."""

from assetpack.campaign.loader import load_campaign
from assetpack.campaign.models import Campaign, Job, Overrides, Window
from assetpack.campaign.report import CampaignRunReport, JobOutcome
from assetpack.campaign.run import run_campaign
from assetpack.campaign.schedule import next_runs

__all__ = [
    "Campaign",
    "CampaignRunReport",
    "Job",
    "JobOutcome",
    "Overrides",
    "Window",
    "load_campaign",
    "next_runs",
    "run_campaign",
]
