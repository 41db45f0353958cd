"""Conversation state and the advice audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversation_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("conversation_id", sa.String(255), nullable=False),
        sa.Column("user_id", sa.String(255), nullable=False),
        sa.Column("flow", sa.String(64), nullable=True),
        sa.Column("step", sa.String(64), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_conversation_state"),
        sa.UniqueConstraint("platform", "conversation_id", "user_id", name="uq_conversation_state_platform"),
    )
    op.create_table(
        "advice_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("intent", sa.String(32), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("sections", sa.String(64), nullable=False),
        sa.Column("cited_section", sa.String(8), nullable=True),
        sa.Column("policy_version", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_advice_log"),
    )
    op.create_index("ix_advice_log_intent", "advice_log", ["intent"])
    op.create_index("ix_advice_log_created_at", "advice_log", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_advice_log_created_at", table_name="advice_log")
    op.drop_index("ix_advice_log_intent", table_name="advice_log")
    op.drop_table("advice_log")
    op.drop_table("conversation_state")
