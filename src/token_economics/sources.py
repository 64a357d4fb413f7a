"""The registry of cited figures: every number the course takes from outside, defined once.

A :class:`Figure` holds one number with its unit, the date it holds for, and the key of its
source in the bibliography (``data/references/*.toml``, the list the references page shows).
The lesson modules import figures from here by name and use ``.value``; the lesson pages
cite a figure through its own source key, so a number and its citation cannot drift apart.

Tables of published data (price lists, measurements, grid intensities) live in data files
with their own provenance; this module holds the single numbers quoted from a text.
Formulas' constants of nature or of definition (3,600 s per hour, 3.6 MJ per kWh) are in
:mod:`token_economics.units`, not here: they need no source.

A figure whose ``kind`` is ``"assumption"`` is the course's own round choice inside a range
that its source gives; ``what`` says which range.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["Figure", "figures", "figure", "check_registry"]


@dataclass(frozen=True)
class Figure:
    """One number from a source: its value, unit, date, source key and meaning.

    Attributes:
        name: the Python name it is defined under here (``EPOCH_PUE``).
        value: the number, in ``unit``.
        unit: what the number counts (``"USD per GPU-hour"``, ``"dimensionless"``).
        as_of: the date the number holds for, ISO style: ``"2025"``, ``"2025-02"`` or ``"2025-02-07"``.
        ref: key of its source in ``data/references/*.toml``.
        what: one sentence a newcomer can read: what the number is.
        kind: ``"quoted"`` (as the source states it) or ``"assumption"`` (the course's choice
            inside a range the source gives).
    """

    name: str
    value: float
    unit: str
    as_of: str
    ref: str
    what: str
    kind: str = "quoted"

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.name != "value" and not isinstance(getattr(self, f.name), str):
                raise TypeError(f"Figure.{f.name} must be a str, not {type(getattr(self, f.name)).__name__}")
        if isinstance(self.value, bool) or not isinstance(self.value, (int, float)):
            raise TypeError(f"Figure {self.name}: value must be a number, not {type(self.value).__name__}")
        if self.kind not in ("quoted", "assumption"):
            raise ValueError(f"Figure {self.name}: kind must be 'quoted' or 'assumption', not {self.kind!r}")


# --------------------------------------------------------------------------------------
# Lesson 2: energy of a query (Epoch AI's method and the figures around it)
# --------------------------------------------------------------------------------------

EPOCH_ACTIVE_PARAMS = Figure(
    "EPOCH_ACTIVE_PARAMS", 100e9, "parameters", "2025-02", "epoch2025energy_sheet",
    "Active parameters Epoch AI assumes for GPT-4o (400B total, 100B used per token: Epoch's guess).",
)  # fmt: skip
EPOCH_OUTPUT_TOKENS = Figure(
    "EPOCH_OUTPUT_TOKENS", 500, "tokens", "2025-02", "epoch2025energy_sheet",
    "Output tokens in Epoch AI's typical GPT-4o query.",
)  # fmt: skip
EPOCH_UTILIZATION = Figure(
    "EPOCH_UTILIZATION", 0.10, "fraction of peak FLOP/s", "2025-02", "epoch2025energy_sheet",
    "Share of the GPU's peak arithmetic that Epoch AI assumes a serving H100 achieves.",
)  # fmt: skip
EPOCH_WATTS_PER_GPU = Figure(
    "EPOCH_WATTS_PER_GPU", 1275.0, "W per GPU", "2025-02", "epoch2025energy_sheet",
    "Rated power per GPU with its share of the server: a DGX H100 is rated 10.2 kW for 8 GPUs.",
)  # fmt: skip
EPOCH_POWER_FRACTION = Figure(
    "EPOCH_POWER_FRACTION", 0.7, "fraction of rated power", "2025-02", "epoch2025energy_sheet",
    "Average power drawn as a share of rated power (Epoch AI cites Microsoft's measurements).",
)  # fmt: skip
EPOCH_PUE = Figure(
    "EPOCH_PUE", 1.2, "ratio of facility power to IT power", "2025-02", "epoch2025energy",
    "Power usage effectiveness Epoch AI assumes for a modern AI data centre (it gives 1.1–1.3).",
)  # fmt: skip
EPOCH_QUERY_WH = Figure(
    "EPOCH_QUERY_WH", 0.3, "Wh per query", "2025-02", "epoch2025energy",
    "Epoch AI's headline estimate for a typical GPT-4o query.",
)  # fmt: skip
EPOCH_QUERY_WH_SHEET = Figure(
    "EPOCH_QUERY_WH_SHEET", 0.301, "Wh per query", "2025-02", "epoch2025energy_sheet",
    "The unrounded result of Epoch AI's spreadsheet behind the 0.3 Wh headline.",
)  # fmt: skip
UPTIME_PUE_2023 = Figure(
    "UPTIME_PUE_2023", 1.58, "ratio of facility power to IT power", "2023", "uptime2023pue",
    "Industry-average PUE in Uptime Institute's 2023 survey.",
)  # fmt: skip
UPTIME_PUE_2024 = Figure(
    "UPTIME_PUE_2024", 1.56, "ratio of facility power to IT power", "2024", "l5_uptime_pue_2024",
    "Average annual PUE of respondents' largest data centre, Uptime Institute's 2024 survey.",
)  # fmt: skip
GOOGLE_FLEET_PUE = Figure(
    "GOOGLE_FLEET_PUE", 1.09, "ratio of facility power to IT power", "2025-05", "google2025gemini",
    "Google's fleet-wide PUE, as used in its measurement of a median Gemini prompt.",
)  # fmt: skip
GOOGLE_MEDIAN_PROMPT_GCO2E = Figure(
    "GOOGLE_MEDIAN_PROMPT_GCO2E", 0.03, "gCO2e per prompt (market-based)", "2025-05", "google2025gemini",
    "Carbon of Google's median Gemini Apps text prompt.",
)  # fmt: skip
GOOGLE_ENERGY_DROP_FACTOR = Figure(
    "GOOGLE_ENERGY_DROP_FACTOR", 33.0, "times less energy", "2025-05", "google2025gemini",
    "How many times less energy Google's median Gemini prompt used in May 2025 than in May 2024.",
)  # fmt: skip
EXAMPLE_USD_PER_KWH = Figure(
    "EXAMPLE_USD_PER_KWH", 0.08, "USD per kWh", "2024", "eia_epm_5_6_b",
    "Electricity price of Lesson 2's worked example: a round value inside 2024 US industrial "
    "prices (about 7–9 ¢/kWh in many states).",
    kind="assumption",
)  # fmt: skip

EPOCH_LONG_INPUT_TOKENS = Figure(
    "EPOCH_LONG_INPUT_TOKENS", 10_000, "input tokens", "2025-02", "epoch2025energy",
    "Prompt length of Epoch AI's long-input example, with 500 output tokens.",
)  # fmt: skip
EPOCH_LONG_INPUT_WH = Figure(
    "EPOCH_LONG_INPUT_WH", 2.4, "Wh per query", "2025-02", "epoch2025energy",
    "Epoch AI's estimate for a GPT-4o query with 10k input and 500 output tokens ('around 2.4 Wh'; "
    "summaries of the article round it to 2.5).",
)  # fmt: skip
EPOCH_VERY_LONG_INPUT_TOKENS = Figure(
    "EPOCH_VERY_LONG_INPUT_TOKENS", 100_000, "input tokens", "2025-02", "epoch2025energy",
    "Prompt length of Epoch AI's very long input example, with 500 output tokens.",
)  # fmt: skip
EPOCH_VERY_LONG_INPUT_WH = Figure(
    "EPOCH_VERY_LONG_INPUT_WH", 40.0, "Wh per query", "2025-02", "epoch2025energy",
    "Epoch AI's estimate for a GPT-4o query with 100k input and 500 output tokens ('around 40 Wh').",
)  # fmt: skip
US_HOUSEHOLD_WH_PER_DAY = Figure(
    "US_HOUSEHOLD_WH_PER_DAY", 28_000, "Wh per day", "2025-02", "epoch2025energy",
    "Electricity an average US household uses in a day, as Epoch AI quotes it (10,500 kWh a year).",
)  # fmt: skip
LLAMA31_70B_LAYERS = Figure(
    "LLAMA31_70B_LAYERS", 80, "layers", "2024-07", "llama31_70b_config",
    "Transformer layers of Llama 3.1 70B (num_hidden_layers in its config.json).",
)  # fmt: skip
LLAMA31_70B_D_MODEL = Figure(
    "LLAMA31_70B_D_MODEL", 8192, "dimensions", "2024-07", "llama31_70b_config",
    "Model width of Llama 3.1 70B (hidden_size in its config.json); its attention width too.",
)  # fmt: skip
LLAMA31_70B_KV_HEADS = Figure(
    "LLAMA31_70B_KV_HEADS", 8, "key/value heads per layer", "2024-07", "llama31_70b_config",
    "Key/value heads of Llama 3.1 70B (num_key_value_heads; grouped-query attention, 64 query heads).",
)  # fmt: skip
LLAMA31_70B_HEAD_DIM = Figure(
    "LLAMA31_70B_HEAD_DIM", 128, "dimensions", "2024-07", "llama31_70b_config",
    "Width of one attention head of Llama 3.1 70B (hidden_size 8192 ÷ 64 heads).",
)  # fmt: skip
LLAMA31_405B_LAYERS = Figure(
    "LLAMA31_405B_LAYERS", 126, "layers", "2024-07", "llama31_405b_config",
    "Transformer layers of Llama 3.1 405B (num_hidden_layers in its config.json).",
)  # fmt: skip
LLAMA31_405B_D_MODEL = Figure(
    "LLAMA31_405B_D_MODEL", 16384, "dimensions", "2024-07", "llama31_405b_config",
    "Model width of Llama 3.1 405B (hidden_size in its config.json); its attention width too.",
)  # fmt: skip
DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE = Figure(
    "DEEPSEEK_PREFILL_TOKENS_PER_S_PER_NODE", 73_700, "input tokens per second per 8-GPU H800 node",
    "2025-02-28", "deepseek_inference_2025",
    "Average prefill throughput of DeepSeek's V3/R1 service over one day, cache hits included ('~73.7k tokens/s').",
)  # fmt: skip
DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE = Figure(
    "DEEPSEEK_DECODE_TOKENS_PER_S_PER_NODE", 14_800, "output tokens per second per 8-GPU H800 node",
    "2025-02-28", "deepseek_inference_2025",
    "Average decode throughput of DeepSeek's V3/R1 service over the same day ('~14.8k tokens/s').",
)  # fmt: skip
DEEPSEEK_CACHE_HIT_SHARE = Figure(
    "DEEPSEEK_CACHE_HIT_SHARE", 0.563, "fraction of input tokens", "2025-02-28", "deepseek_inference_2025",
    "Share of DeepSeek's input tokens that day served from its on-disk KV cache (342B of 608B), not computed again.",
)  # fmt: skip
DEEPSEEK_GPUS_PER_NODE = Figure(
    "DEEPSEEK_GPUS_PER_NODE", 8, "GPUs per node", "2025-02-28", "deepseek_inference_2025",
    "H800 GPUs in one node of DeepSeek's inference service ('each node contains 8 H800 GPUs').",
)  # fmt: skip
DEEPSEEK_H800_HOUR_USD = Figure(
    "DEEPSEEK_H800_HOUR_USD", 2.0, "USD per GPU-hour", "2025-02-28", "deepseek_inference_2025",
    "The lease price DeepSeek itself assumes for one H800 GPU when it states its daily serving cost.",
)  # fmt: skip

# --------------------------------------------------------------------------------------
# Lesson 3: agents
# --------------------------------------------------------------------------------------

COMPLEXITY_TRAP_MASKING_WINDOW = Figure(
    "COMPLEXITY_TRAP_MASKING_WINDOW", 10, "turns", "2025", "l3_lindenbauer2025complexity",
    "Observation masking window of the Complexity Trap study: the last 10 tool results are kept.",
)  # fmt: skip
ANTHROPIC_SUBAGENT_SUMMARY_TOKENS = Figure(
    "ANTHROPIC_SUBAGENT_SUMMARY_TOKENS", 1000, "tokens", "2025", "l3_anthropic_context_engineering",
    "Low end of the 1,000–2,000 tokens Anthropic gives for a sub-agent's distilled report; the "
    "lesson's compaction summary.",
    kind="assumption",
)  # fmt: skip
ANTHROPIC_SUBAGENTS = Figure(
    "ANTHROPIC_SUBAGENTS", 3, "sub-agents", "2025-06", "l3_anthropic_multiagent",
    "Sub-agents in the lesson's multi-agent example: Anthropic's lead agent 'spins up 3-5 "
    "subagents in parallel' (the low end).",
    kind="assumption",
)  # fmt: skip
ANTHROPIC_AGENT_MULTIPLE = Figure(
    "ANTHROPIC_AGENT_MULTIPLE", 4.0, "times a chat's tokens", "2025-06", "l3_anthropic_multiagent",
    "Tokens an agent typically uses, as a multiple of a chat interaction's, in Anthropic's data.",
)  # fmt: skip
ANTHROPIC_MULTI_AGENT_MULTIPLE = Figure(
    "ANTHROPIC_MULTI_AGENT_MULTIPLE", 15.0, "times a chat's tokens", "2025-06", "l3_anthropic_multiagent",
    "Tokens a multi-agent system typically uses, as a multiple of a chat's, in Anthropic's data.",
)  # fmt: skip
CLAUDE_CODE_USD_PER_ACTIVE_DAY = Figure(
    "CLAUDE_CODE_USD_PER_ACTIVE_DAY", 13.0, "USD per developer per active day", "2026", "l3_claude_code_costs",
    "Average Claude Code cost per developer per active day across enterprise deployments.",
)  # fmt: skip
CLAUDE_CODE_AGENT_TEAM_MULTIPLE = Figure(
    "CLAUDE_CODE_AGENT_TEAM_MULTIPLE", 7.0, "times a standard session's tokens", "2026", "l3_claude_code_costs",
    "Tokens Claude Code's agent teams use, as a multiple of a standard session's, when teammates "
    "run in plan mode ('approximately 7x'): each teammate keeps its own context window.",
)  # fmt: skip
GUNDLACH_SCORE_PRICE_DECLINE_LOW = Figure(
    "GUNDLACH_SCORE_PRICE_DECLINE_LOW", 5.0, "times cheaper per year", "2025", "l3_gundlach2026progress",
    "Low end of how fast the price of reaching a given benchmark score falls ('around 5x to 10x per year').",
)  # fmt: skip
GUNDLACH_SCORE_PRICE_DECLINE_HIGH = Figure(
    "GUNDLACH_SCORE_PRICE_DECLINE_HIGH", 10.0, "times cheaper per year", "2025", "l3_gundlach2026progress",
    "High end of the same range.",
)  # fmt: skip
GUNDLACH_FRONTIER_RUN_RISE_LOW = Figure(
    "GUNDLACH_FRONTIER_RUN_RISE_LOW", 3.0, "times dearer per year", "2025", "l3_gundlach2026progress",
    "Low end of how fast the price of running frontier models on the benchmarks rises ('between 3x to 18x "
    "per year due to bigger models and larger reasoning demands').",
)  # fmt: skip
GUNDLACH_FRONTIER_RUN_RISE_HIGH = Figure(
    "GUNDLACH_FRONTIER_RUN_RISE_HIGH", 18.0, "times dearer per year", "2025", "l3_gundlach2026progress",
    "High end of the same range.",
)  # fmt: skip
CHEN_REVERSAL_SHARE = Figure(
    "CHEN_REVERSAL_SHARE", 0.32, "fraction of model pairs", "2026", "l3_chen2026reversal",
    "Share of pairs of reasoning models (8 models, 12 tasks) where the model with the lower list price "
    "cost more in total.",
)  # fmt: skip
CHEN_REVERSAL_MAX = Figure(
    "CHEN_REVERSAL_MAX", 28.0, "times", "2026", "l3_chen2026reversal",
    "The largest such reversal: the cheaper-listed model cost up to 28 times as much in total.",
)  # fmt: skip
CHEN_THINKING_SPREAD = Figure(
    "CHEN_THINKING_SPREAD", 10.0, "times the thinking tokens", "2026", "l3_chen2026reversal",
    "On the same question one model may use '900% more thinking tokens' than another: ten times as many.",
)  # fmt: skip

# --------------------------------------------------------------------------------------
# Lesson 4: why tokens get cheaper
# --------------------------------------------------------------------------------------

EPOCH_BLEND_INPUT_SHARE = Figure(
    "EPOCH_BLEND_INPUT_SHARE", 0.75, "fraction of tokens", "2025-03", "l4_epoch_price_trends_2025",
    "Share of input tokens when input and output prices are blended into one (3 input : 1 "
    "output), as Epoch AI and Artificial Analysis weight them.",
)  # fmt: skip
A16Z_INPUT_SHARE = Figure(
    "A16Z_INPUT_SHARE", 0.5, "fraction of tokens", "2024-11", "l4_a16z_llmflation",
    "a16z's blend: 'if the price differed for input and output tokens, we took the average'.",
)  # fmt: skip
A16Z_DECLINE_PER_YEAR = Figure(
    "A16Z_DECLINE_PER_YEAR", 10.0, "times cheaper per year", "2024-11", "l4_a16z_llmflation",
    "a16z: 'for an LLM of equivalent performance, the cost is decreasing by 10x every year'.",
)  # fmt: skip
EPOCH_DECLINE_MIN_PER_YEAR = Figure(
    "EPOCH_DECLINE_MIN_PER_YEAR", 9.0, "times cheaper per year", "2025-03", "l4_epoch_price_trends_2025",
    "Epoch AI: the price to reach a fixed score fell 9x to 900x per year by milestone (low end).",
)  # fmt: skip
EPOCH_DECLINE_MAX_PER_YEAR = Figure(
    "EPOCH_DECLINE_MAX_PER_YEAR", 900.0, "times cheaper per year", "2025-03", "l4_epoch_price_trends_2025",
    "Epoch AI: the high end of the same 9x–900x per year range.",
)  # fmt: skip
EPOCH_GPT4_GPQA_DECLINE_PER_YEAR = Figure(
    "EPOCH_GPT4_GPQA_DECLINE_PER_YEAR", 40.0, "times cheaper per year", "2025-03", "l4_epoch_price_trends_2025",
    "Epoch AI: the price of GPT-4's score on PhD-level science questions (GPQA) fell 40x per year.",
)  # fmt: skip
AIMULTIPLE_H100_MEDIAN_USD_EARLY_2024 = Figure(
    "AIMULTIPLE_H100_MEDIAN_USD_EARLY_2024", 7.0, "USD per GPU-hour", "2024", "l4_aimultiple_gpu_index",
    "AIMultiple's statement that its H100 on-demand median was 'above $7' per GPU-hour in early "
    "2024 (a median over the providers it tracks, hyperscalers included).",
)  # fmt: skip
H100_HOUR_USD_2026 = Figure(
    "H100_HOUR_USD_2026", 2.95, "USD per GPU-hour", "2026-05", "l4_aimultiple_gpu_index",
    "H100 on-demand rental, May 2026: median over 37 providers.",
)  # fmt: skip
OPENAI_COMPUTE_MARGIN_2024_01 = Figure(
    "OPENAI_COMPUTE_MARGIN_2024_01", 0.35, "fraction of revenue", "2024-01", "l4_information_compute_margin",
    "OpenAI's compute margin (share of revenue left after the cost of running models for paying "
    "users): 'roughly 35%' in January 2024.",
)  # fmt: skip
OPENAI_COMPUTE_MARGIN_2025_10 = Figure(
    "OPENAI_COMPUTE_MARGIN_2025_10", 0.70, "fraction of revenue", "2025-10", "l4_information_compute_margin",
    "OpenAI's compute margin in October 2025: 'about 70%' (up from about 52% at the end of 2024).",
)  # fmt: skip
DEEPSEEK_V3_ACTIVE_PARAMS = Figure(
    "DEEPSEEK_V3_ACTIVE_PARAMS", 37e9, "parameters", "2024-12", "deepseek_v3",
    "Parameters DeepSeek-V3 uses for each token (a mixture of experts).",
)  # fmt: skip
DEEPSEEK_V3_TOTAL_PARAMS = Figure(
    "DEEPSEEK_V3_TOTAL_PARAMS", 671e9, "parameters", "2024-12", "deepseek_v3",
    "DeepSeek-V3's total parameters.",
)  # fmt: skip
PHI4_PARAMS = Figure(
    "PHI4_PARAMS", 14e9, "parameters", "2024-12", "l4_phi4_report",
    "Phi-4's parameters (a dense model).",
)  # fmt: skip
PHI4_MMLU = Figure(
    "PHI4_MMLU", 85.0, "percent correct on MMLU", "2025", "l4_epoch_benchmark_data",
    "Phi-4's MMLU score in Epoch AI's benchmark data.",
)  # fmt: skip
LLAMA31_70B_MMLU = Figure(
    "LLAMA31_70B_MMLU", 84.0, "percent correct on MMLU", "2025", "l4_epoch_benchmark_data",
    "Llama 3.1 70B Instruct's MMLU score in Epoch AI's benchmark data.",
)  # fmt: skip
GOOGLE_TOKENS_PER_MONTH_2024_05 = Figure(
    "GOOGLE_TOKENS_PER_MONTH_2024_05", 9.7e12, "tokens per month", "2024-05", "l5_google_tokens",
    "Tokens Google processed a month across its products and APIs a year before I/O 2025: "
    "'This time last year, we were processing 9.7 trillion tokens a month' (Sundar Pichai, 20 May 2025).",
)  # fmt: skip
EPOCH_REASONING_OUTPUT_GROWTH_PER_YEAR = Figure(
    "EPOCH_REASONING_OUTPUT_GROWTH_PER_YEAR", 5.0, "times longer per year", "2025-04", "l3_epoch_output_length",
    "Growth of the average length of reasoning models' answers to benchmark questions (GPQA "
    "Diamond, MATH Level 5, Mock AIME) in Epoch AI's evaluations.",
)  # fmt: skip
EPOCH_NONREASONING_OUTPUT_GROWTH_PER_YEAR = Figure(
    "EPOCH_NONREASONING_OUTPUT_GROWTH_PER_YEAR", 2.2, "times longer per year", "2025-04", "l3_epoch_output_length",
    "The same growth for non-reasoning models' answers.",
)  # fmt: skip
EPOCH_REASONING_OUTPUT_MULTIPLE = Figure(
    "EPOCH_REASONING_OUTPUT_MULTIPLE", 8.0, "times the tokens of non-reasoning models", "2025-04",
    "l3_epoch_output_length",
    "How many times more tokens reasoning models write on average than non-reasoning models for "
    "the same benchmark questions ('around 8x').",
)  # fmt: skip

# --------------------------------------------------------------------------------------
# Lesson 5: the cost of producing a token
# --------------------------------------------------------------------------------------

H100_PURCHASE_USD = Figure(
    "H100_PURCHASE_USD", 33_750.0, "USD per GPU", "2023-05", "l5_epoch_hardware_prices",
    "Purchase price of one H100 SXM with its share of the server: a DGX H100 at about $270,000 "
    "divided by 8 (other dated prices in the same dataset run to $44,490).",
)  # fmt: skip
GPU_LIFETIME_YEARS = Figure(
    "GPU_LIFETIME_YEARS", 5.0, "years", "2025-01", "l5_amazon_10k_2024",
    "Depreciation period of a GPU server: Amazon shortened it from six to five years from 2025.",
)  # fmt: skip
CLUSTER_INTERCONNECT_FRACTION = Figure(
    "CLUSTER_INTERCONNECT_FRACTION", 0.19, "fraction of cluster hardware cost", "2024-05", "l5_epoch_training_cost",
    "Cluster networking as a share of total cluster hardware cost (Epoch AI's training-cost code).",
)  # fmt: skip
SEMIANALYSIS_H100_HOUR_USD_2025_10 = Figure(
    "SEMIANALYSIS_H100_HOUR_USD_2025_10", 1.70, "USD per GPU-hour", "2025-10", "l5_semianalysis_rental_index",
    "H100 one-year contract rental at its October 2025 low (read through secondary reports).",
)  # fmt: skip
EXAMPLE_GPU_HOUR_USD = Figure(
    "EXAMPLE_GPU_HOUR_USD", 2.50, "USD per GPU-hour", "2026-05", "l4_aimultiple_gpu_index",
    "H100 rental of Lesson 5's worked example: a round value inside the market range, $1.70 "
    "(one-year contracts, Oct 2025) to $2.95 (median on-demand, May 2026).",
    kind="assumption",
)  # fmt: skip
US_INDUSTRIAL_USD_PER_KWH_2023 = Figure(
    "US_INDUSTRIAL_USD_PER_KWH_2023", 0.0806, "USD per kWh", "2023", "l5_eia_industrial_2023",
    "Average US industrial electricity price in 2023 (8.06 ¢/kWh).",
)  # fmt: skip
USD_PER_EUR_2023 = Figure(
    "USD_PER_EUR_2023", 1.0817, "USD per EUR", "2023", "l5_fed_g5a_2023",
    "US dollars per euro, 2023 annual average (to convert Eurostat's prices).",
)  # fmt: skip
MMLU_ANSWER_CHOICES = Figure(
    "MMLU_ANSWER_CHOICES", 4, "answer choices per question", "2021", "l4_mmlu_hendrycks",
    "Every MMLU question offers four answers (A–D), so guessing at random scores 25%.",
)  # fmt: skip
COPILOT_BUSINESS_USD_PER_SEAT_MONTH = Figure(
    "COPILOT_BUSINESS_USD_PER_SEAT_MONTH", 19.0, "USD per user per month", "2026", "l5_github_copilot_licenses",
    "List price of one GitHub Copilot Business seat (a licence per user, billed monthly).",
)  # fmt: skip
CLAUDE_CODE_USD_PER_MONTH_LOW = Figure(
    "CLAUDE_CODE_USD_PER_MONTH_LOW", 150.0, "USD per developer per month", "2026", "l3_claude_code_costs",
    "Low end of Anthropic's '$150-250 per developer per month' for Claude Code across enterprise deployments.",
)  # fmt: skip
CLAUDE_CODE_USD_PER_MONTH_HIGH = Figure(
    "CLAUDE_CODE_USD_PER_MONTH_HIGH", 250.0, "USD per developer per month", "2026", "l3_claude_code_costs",
    "High end of the same range.",
)  # fmt: skip
BEDROCK_SLA_MONTHLY_UPTIME = Figure(
    "BEDROCK_SLA_MONTHLY_UPTIME", 0.999, "fraction of the month", "2023-10-04", "l5_aws_bedrock_sla",
    "Monthly uptime Amazon commits to for Bedrock in each AWS region; below it customers get service credits.",
)  # fmt: skip
EIA_US_OUTAGE_HOURS_2018 = Figure(
    "EIA_US_OUTAGE_HOURS_2018", 5.8, "hours per customer per year", "2018", "l5_eia_reliability_2018",
    "Average total time a US electricity customer was without power in 2018, major events "
    "included (SAIDI: 345 minutes).",
)  # fmt: skip
GEMINI_IMAGE_TOKENS_PER_IMAGE = Figure(
    "GEMINI_IMAGE_TOKENS_PER_IMAGE", 1290, "output tokens per image", "2025", "l5_gemini_api_pricing",
    "Tokens Gemini 2.5 Flash Image bills for one generated image of up to 1024×1024 pixels.",
)  # fmt: skip
GEMINI_IMAGE_OUTPUT_USD_PER_MILLION = Figure(
    "GEMINI_IMAGE_OUTPUT_USD_PER_MILLION", 30.0, "USD per million image output tokens", "2025", "l5_gemini_api_pricing",
    "Price of Gemini 2.5 Flash Image's image output tokens (its text output costs far less).",
)  # fmt: skip
GEMINI_IMAGE_USD_PER_IMAGE = Figure(
    "GEMINI_IMAGE_USD_PER_IMAGE", 0.039, "USD per image", "2025", "l5_gemini_api_pricing",
    "The per-image price Google quotes for the same images ('equivalent to $0.039 per image').",
)  # fmt: skip
GEMINI_AUDIO_TOKENS_PER_SECOND = Figure(
    "GEMINI_AUDIO_TOKENS_PER_SECOND", 32, "tokens per second of audio", "2025", "l5_gemini_tokens_doc",
    "Tokens Gemini counts for each second of audio it is given (one minute is 1,920 tokens).",
)  # fmt: skip
IEA_DATA_CENTRE_TWH_2024 = Figure(
    "IEA_DATA_CENTRE_TWH_2024", 415.0, "TWh", "2024", "l5_iea_energy_ai_2025",
    "Electricity used by the world's data centres in 2024, about 1.5% of world consumption (IEA).",
)  # fmt: skip
IEA_US_DATA_CENTRE_TWH_2024 = Figure(
    "IEA_US_DATA_CENTRE_TWH_2024", 183.0, "TWh", "2024", "l5_iea_energy_ai_2025",
    "Electricity used by data centres in the United States in 2024 (IEA data by region).",
)  # fmt: skip
IEA_CHINA_DATA_CENTRE_TWH_2024 = Figure(
    "IEA_CHINA_DATA_CENTRE_TWH_2024", 102.0, "TWh", "2024", "l5_iea_energy_ai_2025",
    "Electricity used by data centres in China in 2024 (IEA data by region).",
)  # fmt: skip
OPENROUTER_CHINESE_OPEN_SHARE_MEAN = Figure(
    "OPENROUTER_CHINESE_OPEN_SHARE_MEAN", 0.13, "fraction of weekly tokens", "2025", "l4_a16z_state_of_ai",
    "Average weekly share of OpenRouter's tokens that went to open-weight models from China over the "
    "study's year (13.0%, as summaries of the report quote it).",
)  # fmt: skip
OPENROUTER_CHINESE_OPEN_SHARE_PEAK = Figure(
    "OPENROUTER_CHINESE_OPEN_SHARE_PEAK", 0.30, "fraction of weekly tokens", "2025", "l4_a16z_state_of_ai",
    "The same share in its highest weeks of 2025 ('nearly 30% of total usage among all models in some weeks').",
)  # fmt: skip


def figures() -> dict[str, Figure]:
    """Every figure in the registry, by name, in the order defined here."""
    return {value.name: value for value in globals().values() if isinstance(value, Figure)}


def figure(name: str) -> Figure:
    """The figure with this name (``"EPOCH_PUE"``); ValueError listing the names if unknown."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a figure's name (a str), not {type(name).__name__}")
    known = figures()
    if name not in known:
        raise ValueError(f"unknown figure {name!r}; known: {', '.join(known)}")
    return known[name]


def _defined_twice(source: str) -> list[str]:
    """Names that the module source ``source`` assigns a ``Figure(`` to more than once."""
    import re

    defined = re.findall(r"^([A-Z][A-Z0-9_]*) = Figure\(", source, re.M)
    return sorted({n for n in defined if defined.count(n) > 1})


def check_registry() -> list[str]:
    """Problems with the registry, as sentences; an empty list when it is sound.

    Each figure must be defined once, under its own name, cite a key of the bibliography and give
    its date as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
    """
    import re
    from pathlib import Path

    from token_economics.data import references

    refs = references()
    problems = []
    for key, value in globals().items():
        if isinstance(value, Figure) and key != value.name:
            problems.append(f"{key} holds a figure named {value.name!r}")
    # a name defined twice: the second silently replaces the first
    problems += [f"{name} is defined more than once" for name in _defined_twice(Path(__file__).read_text("utf-8"))]
    for fig in figures().values():
        if fig.ref not in refs:
            problems.append(f"{fig.name} cites {fig.ref!r}, which is not in data/references/*.toml")
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", fig.as_of):
            problems.append(f"{fig.name}: as_of {fig.as_of!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if not fig.unit.strip() or not fig.what.strip():
            problems.append(f"{fig.name} lacks a unit or a description")
    return problems
