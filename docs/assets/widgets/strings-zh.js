/* The Chinese words of the lesson calculators (calc-core.js and the four that use it) and of the
 * Lesson 1 tokenizer playground (../playground/playground.js), and the one lookup they share.
 *
 * TE_T(english, values) is the text to show: the Chinese of ``english`` from the table below on
 * a page whose <html lang> starts with "zh" (the Chinese site, /zh/), else the English itself;
 * then each {name} in it is replaced by values.name. Numbers never sit in the table: they come
 * in through {placeholders}, formatted by the widgets as on the English pages.
 * TE_T.date(english) reads the course's dates the Chinese way on the Chinese site, as
 * token_economics.site.zh.localize does ("3 November 2026, 12:00 UTC" → "2026年11月3日 12:00（UTC）").
 *
 * calc-core.js loads this file before any calculator draws; playground.js imports it.
 * tests/test_widgets_zh.py checks that every t("…") in the widgets has its entry here, that
 * every entry is used, and that the Chinese pages show these words with the same numbers.
 * Keys are the English exactly as the widgets pass them; some come from the pages' data
 * (country names of Lesson 2, the playground's example labels).
 */
(function () {
  "use strict";

  var ZH = {
    /* ---- calc-core.js: reading, checking, the form ---- */
    "Enter a number.": "请输入一个数。",
    "Use a point for decimals (0.5, not 0,5).": "小数请用小数点（写 0.5，不要写 0,5）。",
    "Not a number: type digits, such as 0.5, 1,275 or 1e9.": "这不是一个数：请输入数字，比如 0.5、1,275 或 1e9。",
    "This number is too large to compute with.": "这个数太大，没法计算。",
    "Must be zero or more.": "必须大于或等于零。",
    "Must be greater than zero.": "必须大于零。",
    "A fraction above 0 and at most 1 (0.1 means 10%).": "填一个大于 0、不超过 1 的比例（0.1 就是 10%）。",
    "PUE is the whole facility's power ÷ the computers' power: 1 or more.":
      "PUE 是整个设施的功率 ÷ 计算机本身的功率：1 或更大。",
    "A whole number, zero or more.": "填一个整数，零或更大。",
    "{what} would overflow: these inputs are too large to compute with.": "{what}会溢出：这些输入太大，没法计算。",
    "These inputs are too large to compute with.": "这些输入太大，没法计算。",
    "{label} ({unit})": "{label}（{unit}）",
    "{label} (slider)": "{label}（滑块）",
    "Results": "结果",
    ", ": "、",
    "Check {fields}: see the message under it.": "请检查{fields}：看它下面的提示。",
    "Check {fields}: see the message under each.": "请检查{fields}：看各自下面的提示。",

    /* ---- query-energy.js (Lesson 2) ---- */
    "Energy of one query": "一次查询的能耗",
    "One query": "一次查询",
    "Attention term (optional: 0 leaves it out)": "注意力项（可选：填 0 就不算）",
    "Countries on this page": "本页列出的国家",
    "Every other zone (ISO 3166 code)": "其余所有区域（ISO 3166 代码）",
    "Active parameters": "激活参数",
    "billions": "十亿",
    "Input (prompt) tokens": "输入（提示词）词元",
    "Output tokens": "输出词元",
    "GPU (dense BF16 peak)": "GPU（稠密 BF16 峰值）",
    "{name}, {tflops} TFLOP/s": "{name}，{tflops} TFLOP/s",
    "Decode utilization": "解码利用率",
    "Prefill utilization": "预填充利用率",
    "share of peak, 0 to 1": "占峰值的比例，0 到 1",
    "Power per GPU": "每块 GPU 的功率",
    "Power fraction": "功率比例",
    "average ÷ rated, 0 to 1": "平均 ÷ 额定，0 到 1",
    "Electricity price": "电价",
    "USD per kWh": "美元/kWh",
    "Grid (where the electricity is made)": "电网（电从哪里来）",
    "Layers": "层数",
    "Attention width": "注意力宽度",
    "Work": "计算量",
    "Time": "时间",
    "Power": "功率",
    "Energy": "能耗",
    "Electricity cost": "电费",
    "Carbon": "碳排放",
    "The prefill FLOPs": "预填充的浮点运算次数",
    "The decode FLOPs": "解码的浮点运算次数",
    "The energy": "能耗",
    "{n} GPU-seconds": "{n} GPU 秒",
    "{n} g CO2e ({grid} g per kWh)": "{n} g CO2e（电网每 kWh {grid} g）",
    /* the countries Lesson 2 names (token_economics.site.lesson2: the page's data) */
    "Sweden": "瑞典",
    "France": "法国",
    "Brazil": "巴西",
    "United Kingdom": "英国",
    "Germany": "德国",
    "United States": "美国",
    "Japan": "日本",
    "World average": "世界平均",
    "China": "中国",
    "India": "印度",
    "Poland": "波兰",
    "South Africa": "南非",

    /* ---- agent-bill.js (Lesson 3) ---- */
    "An agent's bill": "智能体的账单",
    "The run's bill": "这次运行的账单",
    "Reasoning tokens (optional)": "推理词元（可选）",
    "Model (list prices as of {date})": "模型（标价，截至 {date}）",
    "Steps (model calls)": "步数（模型调用次数）",
    "Fixed prompt: system, tools, task": "固定提示词：系统、工具、任务",
    "tokens": "词元",
    "Output per step": "每步输出",
    "Tool result per step": "每步工具结果",
    "Reasoning per step, not re-sent": "每步推理（不会重发）",
    "Input tokens billed": "计费的输入词元",
    "Tokens the conversation holds at the end": "结束时对话里的词元",
    "Cost without caching": "不用缓存的费用",
    "Cost with caching": "用缓存的费用",
    "Cache hit rate": "缓存命中率",
    "Caching saves": "缓存省下",
    "The simulator runs at most {n} steps.": "模拟器最多只跑 {n} 步。",
    "Call {call} needs {input} input + {output} output tokens, more than {model}'s {window}-token context window: the run stops there (shorten it, or see “Keeping the context short”).":
      "第 {call} 次调用需要 {input} 个输入词元 + {output} 个输出词元，超过了 {model} 的上下文窗口（{window} 个词元）：运行就停在这里（把运行缩短，或者看“让上下文保持简短”一节）。",
    "— (no input tokens)": "—（没有输入词元）",
    "— (the run costs nothing)": "—（这次运行不花钱）",
    "{pct} more (cache writes cost extra)": "多花 {pct}（写入缓存要额外付钱）",
    "Line chart of the running bill over {steps} calls: it curves up to {plain} without caching (solid line) and to {cached} with caching (dashed line).":
      "折线图：{steps} 次调用中累计的账单。不用缓存（实线）一路弯着涨到 {plain}，用缓存（虚线）涨到 {cached}。",
    "Running bill, call 1 to {steps}: solid line without caching, dashed line with caching.":
      "累计账单，从第 1 次调用到第 {steps} 次：实线不用缓存，虚线用缓存。",

    /* ---- price-decline.js (Lesson 4) ---- */
    "Years of price decline": "价格逐年下降",
    "After the years of decline": "降了这些年之后",
    "Tokens per task and demand (optional)": "每个任务的词元数和需求（可选）",
    "Price today": "今天的价格",
    "USD per million tokens": "美元/百万词元",
    "Times cheaper each year": "每年便宜几倍",
    "factor; 1 = flat": "倍数；1 = 不变",
    "Years": "年数",
    "Times more tokens per task each year": "每个任务的词元数每年多几倍",
    "factor; 1 = same": "倍数；1 = 不变",
    "Price elasticity of demand": "需求的价格弹性",
    "ε, 0 or more": "ε，0 或更大",
    "Total fall": "总共降了",
    "Price then": "那时的价格",
    "In percent": "按百分比",
    "Halving time": "减半时间",
    "Each task, with its growing tokens": "每个任务（算上变多的词元）",
    "Tokens bought": "买的词元数",
    "Total spending": "总支出",
    "The total factor": "总倍数",
    "The total factor is too small to compute with.": "总倍数太小，没法计算。",
    "The factor per task": "每个任务的倍数",
    "The new price is too small to compute with.": "新价格太小，没法计算。",
    "The tokens bought": "买的词元数",
    "The spending": "支出",
    "1× (unchanged)": "1×（不变）",
    "{factor} cheaper": "便宜 {factor}",
    "{factor} dearer": "贵 {factor}",
    "{usd} per million tokens": "每百万词元 {usd}",
    "{pct} cheaper": "便宜了 {pct}",
    "{pct} dearer": "贵了 {pct}",
    "none: the price is not falling": "无：价格没有在降",
    "{n} days": "{n} 天",

    /* ---- production-cost.js (Lesson 5) ---- */
    "Production cost of a million tokens": "生产一百万个词元的成本",
    "A million tokens": "一百万个词元",
    "GPU price per hour": "每 GPU 小时的价格",
    "USD": "美元",
    "GPUs serving together": "一起提供服务的 GPU 数",
    "Throughput of the group while busy": "这组 GPU 忙时的吞吐量",
    "tokens per second": "词元/秒",
    "Utilization": "利用率",
    "busy share of paid hours, 0 to 1": "付费时长里忙着的比例，0 到 1",
    "Energy per token at the chips": "芯片上每个词元的能耗",
    "GPU time": "GPU 时间",
    "Electricity": "电",
    "GPU time + electricity": "GPU 时间 + 电",
    "Electricity's share": "电费占比",
    "The GPU cost per million tokens": "每百万词元的 GPU 成本",
    "The electricity cost per million tokens": "每百万词元的电费",
    "— (both parts are zero)": "—（两部分都是零）",

    /* ---- playground.js (Lesson 1) ---- */
    "Loading the tokenizers…": "正在加载分词器……",
    "The tokenizers could not be loaded: {error}": "分词器没能加载：{error}",
    "Example texts": "示例文本",
    "The text cut into {name} tokens": "这段文字切成的 {name} 词元",
    "used by {models}": "用于 {models}",
    "This text as input, at each model's list price for input tokens on {date} (genai-prices {version})":
      "这段文字作为输入的价格，按各模型输入词元的标价计算（{date}，genai-prices {version}）",
    "model and tokenizer": "模型和分词器",
    "$ per million input tokens": "每百万输入词元（$）",
    "this text": "这段文字",
    "Your text": "你的文字",
    "Type or paste any text; the tokens and counts below follow as you type.":
      "输入或粘贴任意文字；下面的词元和计数会跟着你的输入变。",
    "Show each token's id": "显示每个词元的 id",
    "{characters} characters, {bytes} bytes in UTF-8": "{characters} 个字符，UTF-8 编码下 {bytes} 个字节",
    "{n} token": "{n} 个词元",
    "{n} tokens": "{n} 个词元",
    "The first {n} tokens are shown; the count is of all.": "只画出前 {n} 个词元；计数是全部的。",
    /* the playground's examples (token_economics.site.lesson1: the page's data) */
    "English": "英文",
    "Chinese (Simplified)": "简体中文",
    "Hindi": "印地语",
    "Japanese": "日语",
    "Code": "代码",
    "Emoji and numbers": "表情符号和数字",
  };

  var MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ];
  var MONTH = MONTHS.join("|");
  var MOMENT = new RegExp("^(\\d{1,2}) (" + MONTH + ") (\\d{4}), (\\d{2}:\\d{2}) UTC$");
  var DAY = new RegExp("^(\\d{1,2}) (" + MONTH + ") (\\d{4})$");

  /** True on the Chinese site: <html lang="zh">, "zh-CN", "zh-Hans"… */
  function chinese() {
    return /^zh\b/i.test(document.documentElement.getAttribute("lang") || "");
  }

  /** ``text`` with each {name} replaced by String(values.name); other braces are left alone. */
  function fill(text, values) {
    if (!values) return text;
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  /** The words to show for ``english`` on this page, with ``values`` filled in. */
  function t(english, values) {
    var text = chinese() && Object.prototype.hasOwnProperty.call(ZH, english) ? ZH[english] : english;
    return fill(text, values);
  }

  /** A course date ("3 November 2026, 12:00 UTC", "3 November 2026") the page's way. */
  t.date = function (english) {
    var text = String(english);
    if (!chinese()) return text;
    var m = MOMENT.exec(text);
    if (m) return m[3] + "年" + (MONTHS.indexOf(m[2]) + 1) + "月" + Number(m[1]) + "日 " + m[4] + "（UTC）";
    m = DAY.exec(text);
    if (m) return m[3] + "年" + (MONTHS.indexOf(m[2]) + 1) + "月" + Number(m[1]) + "日";
    return text;
  };
  t.chinese = chinese;

  window.TE_STRINGS_ZH = ZH;
  window.TE_T = t;
})();
