"""Agents that call tools."""

from agentkit.agent import Agent

__all__ = ["Agent"]
