"""Reference data: the 17 Sustainable Development Goals and the UN targets of goals 6, 11, 16 and 17.

Numbering is the UN's (A/RES/71/313). Arabic texts follow the official Arabic wording, shortened where the UN
text runs to several sentences; English texts are the UN's. Loaded by a data migration and kept idempotent, so
every database (tests included) has them. Local targets (e.g. "11.3.1") are added by administrators.
"""

GOALS = [
    # number, Arabic, English
    (1, "القضاء على الفقر", "No poverty"),
    (2, "القضاء التام على الجوع", "Zero hunger"),
    (3, "الصحة الجيدة والرفاه", "Good health and well-being"),
    (4, "التعليم الجيد", "Quality education"),
    (5, "المساواة بين الجنسين", "Gender equality"),
    (6, "المياه النظيفة والنظافة الصحية", "Clean water and sanitation"),
    (7, "طاقة نظيفة وبأسعار معقولة", "Affordable and clean energy"),
    (8, "العمل اللائق ونمو الاقتصاد", "Decent work and economic growth"),
    (9, "الصناعة والابتكار والهياكل الأساسية", "Industry, innovation and infrastructure"),
    (10, "الحد من أوجه عدم المساواة", "Reduced inequalities"),
    (11, "مدن ومجتمعات محلية مستدامة", "Sustainable cities and communities"),
    (12, "الاستهلاك والإنتاج المسؤولان", "Responsible consumption and production"),
    (13, "العمل المناخي", "Climate action"),
    (14, "الحياة تحت الماء", "Life below water"),
    (15, "الحياة في البر", "Life on land"),
    (16, "السلام والعدل والمؤسسات القوية", "Peace, justice and strong institutions"),
    (17, "عقد الشراكات لتحقيق الأهداف", "Partnerships for the goals"),
]

TARGETS = [
    # code, Arabic, English
    # Goal 6
    (
        "6.1",
        "تحقيق هدف حصول الجميع بشكل منصف على مياه الشرب المأمونة والميسورة التكلفة بحلول عام 2030.",
        "By 2030, achieve universal and equitable access to safe and affordable drinking water for all.",
    ),
    (
        "6.2",
        "تحقيق هدف حصول الجميع على خدمات الصرف الصحي والنظافة الصحية ووضع نهاية للتغوط في العراء بحلول عام 2030، "
        "وإيلاء اهتمام خاص لاحتياجات النساء والفتيات ومن يعيشون في ظل أوضاع هشة.",
        "By 2030, achieve access to adequate and equitable sanitation and hygiene for all and end open defecation, "
        "paying special attention to the needs of women and girls and those in vulnerable situations.",
    ),
    (
        "6.3",
        "تحسين نوعية المياه عن طريق الحد من التلوث ووقف إلقاء النفايات، وخفض نسبة مياه المجاري غير المعالجة إلى "
        "النصف، وزيادة إعادة التدوير وإعادة الاستخدام المأمونة بحلول عام 2030.",
        "By 2030, improve water quality by reducing pollution, eliminating dumping and minimizing release of "
        "hazardous chemicals and materials, halving the proportion of untreated wastewater and substantially "
        "increasing recycling and safe reuse globally.",
    ),
    (
        "6.4",
        "زيادة كفاءة استخدام المياه في جميع القطاعات زيادة كبيرة، وضمان سحب المياه العذبة وإمداداتها على نحو "
        "مستدام بحلول عام 2030.",
        "By 2030, substantially increase water-use efficiency across all sectors and ensure sustainable "
        "withdrawals and supply of freshwater to address water scarcity.",
    ),
    (
        "6.5",
        "تنفيذ الإدارة المتكاملة لموارد المياه على جميع المستويات بحلول عام 2030.",
        "By 2030, implement integrated water resources management at all levels, including through "
        "transboundary cooperation as appropriate.",
    ),
    (
        "6.6",
        "حماية وترميم النظم الإيكولوجية المتصلة بالمياه بحلول عام 2020.",
        "By 2020, protect and restore water-related ecosystems, including mountains, forests, wetlands, rivers, "
        "aquifers and lakes.",
    ),
    (
        "6.a",
        "تعزيز نطاق التعاون الدولي ودعم بناء القدرات في الأنشطة والبرامج المتعلقة بالمياه والصرف الصحي.",
        "By 2030, expand international cooperation and capacity-building support to developing countries in "
        "water- and sanitation-related activities and programmes.",
    ),
    (
        "6.b",
        "دعم وتعزيز مشاركة المجتمعات المحلية في تحسين إدارة المياه والصرف الصحي.",
        "Support and strengthen the participation of local communities in improving water and sanitation management.",
    ),
    # Goal 11
    (
        "11.1",
        "ضمان حصول الجميع على مساكن وخدمات أساسية ملائمة وآمنة وميسورة التكلفة، ورفع مستوى الأحياء الفقيرة، "
        "بحلول عام 2030.",
        "By 2030, ensure access for all to adequate, safe and affordable housing and basic services and upgrade slums.",
    ),
    (
        "11.2",
        "توفير إمكانية وصول الجميع إلى نظم نقل مأمونة وميسورة التكلفة ويسهل الوصول إليها ومستدامة، وتحسين السلامة "
        "على الطرق، بحلول عام 2030.",
        "By 2030, provide access to safe, affordable, accessible and sustainable transport systems for all, "
        "improving road safety, notably by expanding public transport, with special attention to the needs of "
        "those in vulnerable situations, women, children, persons with disabilities and older persons.",
    ),
    (
        "11.3",
        "تعزيز التوسع الحضري الشامل للجميع والمستدام، والقدرة على تخطيط وإدارة المستوطنات البشرية في جميع "
        "البلدان على نحو قائم على المشاركة ومتكامل ومستدام، بحلول عام 2030.",
        "By 2030, enhance inclusive and sustainable urbanization and capacity for participatory, integrated and "
        "sustainable human settlement planning and management in all countries.",
    ),
    (
        "11.4",
        "تعزيز الجهود الرامية إلى حماية وصون التراث الثقافي والطبيعي العالمي.",
        "Strengthen efforts to protect and safeguard the world's cultural and natural heritage.",
    ),
    (
        "11.5",
        "التقليل إلى درجة كبيرة من عدد الوفيات وعدد الأشخاص المتضررين، وتحقيق انخفاض كبير في الخسائر الاقتصادية "
        "المباشرة الناجمة عن الكوارث، بحلول عام 2030، مع التركيز على حماية الفقراء والأشخاص الذين يعيشون في ظل "
        "أوضاع هشة.",
        "By 2030, significantly reduce the number of deaths and the number of people affected and substantially "
        "decrease the direct economic losses relative to global gross domestic product caused by disasters, "
        "including water-related disasters, with a focus on protecting the poor and people in vulnerable "
        "situations.",
    ),
    (
        "11.6",
        "الحد من الأثر البيئي السلبي الفردي للمدن، بما في ذلك عن طريق إيلاء اهتمام خاص لنوعية الهواء وإدارة "
        "نفايات البلديات وغيرها، بحلول عام 2030.",
        "By 2030, reduce the adverse per capita environmental impact of cities, including by paying special "
        "attention to air quality and municipal and other waste management.",
    ),
    (
        "11.7",
        "توفير سبل استفادة الجميع من مساحات خضراء وأماكن عامة، آمنة وشاملة للجميع ويمكن الوصول إليها، ولا سيما "
        "بالنسبة للنساء والأطفال وكبار السن والأشخاص ذوي الإعاقة، بحلول عام 2030.",
        "By 2030, provide universal access to safe, inclusive and accessible, green and public spaces, in "
        "particular for women and children, older persons and persons with disabilities.",
    ),
    (
        "11.a",
        "دعم الروابط الإيجابية الاقتصادية والاجتماعية والبيئية بين المناطق الحضرية والمناطق المحيطة بالمناطق "
        "الحضرية والمناطق الريفية، من خلال تعزيز تخطيط التنمية الوطنية والإقليمية.",
        "Support positive economic, social and environmental links between urban, peri-urban and rural areas by "
        "strengthening national and regional development planning.",
    ),
    (
        "11.b",
        "العمل بحلول عام 2020 على الزيادة بنسبة كبيرة في عدد المدن والمستوطنات البشرية التي تعتمد وتنفذ سياسات "
        "وخططاً متكاملة من أجل شمول الجميع، وكفاءة الموارد، والتخفيف من تغير المناخ والتكيف معه، والقدرة على "
        "الصمود في مواجهة الكوارث، ووضع وتنفيذ إدارة كلية لمخاطر الكوارث على جميع المستويات، بما يتماشى مع إطار "
        "سنداي للحد من مخاطر الكوارث 2015-2030.",
        "By 2020, substantially increase the number of cities and human settlements adopting and implementing "
        "integrated policies and plans towards inclusion, resource efficiency, mitigation and adaptation to "
        "climate change, resilience to disasters, and develop and implement, in line with the Sendai Framework "
        "for Disaster Risk Reduction 2015–2030, holistic disaster risk management at all levels.",
    ),
    (
        "11.c",
        "دعم أقل البلدان نمواً، بوسائل منها المساعدة المالية والتقنية، في إقامة المباني المستدامة والقادرة على "
        "الصمود باستخدام المواد المحلية.",
        "Support least developed countries, including through financial and technical assistance, in building "
        "sustainable and resilient buildings utilizing local materials.",
    ),
    # Goal 16
    (
        "16.1",
        "الحد بدرجة كبيرة من جميع أشكال العنف وما يتصل به من معدلات الوفيات في كل مكان.",
        "Significantly reduce all forms of violence and related death rates everywhere.",
    ),
    (
        "16.2",
        "إنهاء إساءة معاملة الأطفال واستغلالهم والاتجار بهم وتعذيبهم وسائر أشكال العنف المرتكب ضدهم.",
        "End abuse, exploitation, trafficking and all forms of violence against and torture of children.",
    ),
    (
        "16.3",
        "تعزيز سيادة القانون على الصعيدين الوطني والدولي وضمان تكافؤ فرص وصول الجميع إلى العدالة.",
        "Promote the rule of law at the national and international levels and ensure equal access to justice for all.",
    ),
    (
        "16.4",
        "الحد بقدر كبير من التدفقات غير المشروعة للأموال والأسلحة، وتعزيز استرداد الأصول المسروقة وإعادتها، "
        "ومكافحة جميع أشكال الجريمة المنظمة، بحلول عام 2030.",
        "By 2030, significantly reduce illicit financial and arms flows, strengthen the recovery and return of "
        "stolen assets and combat all forms of organized crime.",
    ),
    (
        "16.5",
        "الحد بدرجة كبيرة من الفساد والرشوة بجميع أشكالهما.",
        "Substantially reduce corruption and bribery in all their forms.",
    ),
    (
        "16.6",
        "إنشاء مؤسسات فعالة وشفافة وخاضعة للمساءلة على جميع المستويات.",
        "Develop effective, accountable and transparent institutions at all levels.",
    ),
    (
        "16.7",
        "ضمان اتخاذ القرارات على نحو مستجيب للاحتياجات وشامل للجميع وتشاركي وتمثيلي على جميع المستويات.",
        "Ensure responsive, inclusive, participatory and representative decision-making at all levels.",
    ),
    (
        "16.8",
        "توسيع وتعزيز مشاركة البلدان النامية في مؤسسات الحوكمة العالمية.",
        "Broaden and strengthen the participation of developing countries in the institutions of global governance.",
    ),
    (
        "16.9",
        "توفير هوية قانونية للجميع، بما في ذلك تسجيل المواليد، بحلول عام 2030.",
        "By 2030, provide legal identity for all, including birth registration.",
    ),
    (
        "16.10",
        "كفالة وصول الجمهور إلى المعلومات وحماية الحريات الأساسية، وفقاً للتشريعات الوطنية والاتفاقات الدولية.",
        "Ensure public access to information and protect fundamental freedoms, in accordance with national "
        "legislation and international agreements.",
    ),
    (
        "16.a",
        "تعزيز المؤسسات الوطنية ذات الصلة، بوسائل منها التعاون الدولي، سعياً لبناء القدرات على جميع المستويات "
        "لمنع العنف ومكافحة الإرهاب والجريمة.",
        "Strengthen relevant national institutions, including through international cooperation, for building "
        "capacity at all levels, in particular in developing countries, to prevent violence and combat terrorism "
        "and crime.",
    ),
    (
        "16.b",
        "تعزيز القوانين والسياسات غير التمييزية لتحقيق التنمية المستدامة، وإنفاذها.",
        "Promote and enforce non-discriminatory laws and policies for sustainable development.",
    ),
    # Goal 17
    (
        "17.1",
        "تعزيز تعبئة الموارد المحلية، بوسائل تشمل تقديم الدعم الدولي إلى البلدان النامية، لتحسين القدرات المحلية "
        "في مجال تحصيل الضرائب وغيرها من الإيرادات.",
        "Strengthen domestic resource mobilization, including through international support to developing "
        "countries, to improve domestic capacity for tax and other revenue collection.",
    ),
    (
        "17.2",
        "قيام البلدان المتقدمة النمو بتنفيذ التزاماتها في مجال المساعدة الإنمائية الرسمية تنفيذاً كاملاً.",
        "Developed countries to implement fully their official development assistance commitments.",
    ),
    (
        "17.3",
        "حشد موارد مالية إضافية من مصادر متعددة من أجل البلدان النامية.",
        "Mobilize additional financial resources for developing countries from multiple sources.",
    ),
    (
        "17.4",
        "مساعدة البلدان النامية في تحقيق القدرة على تحمل الديون في الأجل الطويل.",
        "Assist developing countries in attaining long-term debt sustainability through coordinated policies.",
    ),
    (
        "17.5",
        "اعتماد نظم لتشجيع الاستثمار لصالح أقل البلدان نمواً وتنفيذها.",
        "Adopt and implement investment promotion regimes for least developed countries.",
    ),
    (
        "17.6",
        "تعزيز التعاون الإقليمي والدولي بين الشمال والجنوب وفيما بين بلدان الجنوب والتعاون الثلاثي في ما يتعلق "
        "بالعلم والتكنولوجيا والابتكار والوصول إليها، وتعزيز تبادل المعارف.",
        "Enhance North-South, South-South and triangular regional and international cooperation on and access "
        "to science, technology and innovation and enhance knowledge-sharing on mutually agreed terms.",
    ),
    (
        "17.7",
        "تعزيز تطوير تكنولوجيات سليمة بيئياً ونقلها وتعميمها ونشرها إلى البلدان النامية بشروط مواتية.",
        "Promote the development, transfer, dissemination and diffusion of environmentally sound technologies "
        "to developing countries on favourable terms.",
    ),
    (
        "17.8",
        "التفعيل الكامل لبنك التكنولوجيا وآلية بناء القدرات في مجالات العلم والتكنولوجيا والابتكار لصالح أقل "
        "البلدان نمواً، وتعزيز استخدام التكنولوجيا التمكينية، ولا سيما تكنولوجيا المعلومات والاتصالات.",
        "Fully operationalize the technology bank and science, technology and innovation capacity-building "
        "mechanism for least developed countries and enhance the use of enabling technology, in particular "
        "information and communications technology.",
    ),
    (
        "17.9",
        "تعزيز الدعم الدولي لتنفيذ بناء القدرات في البلدان النامية تنفيذاً فعالاً ومحدد الأهداف لدعم الخطط "
        "الوطنية الرامية إلى تنفيذ جميع أهداف التنمية المستدامة.",
        "Enhance international support for implementing effective and targeted capacity-building in developing "
        "countries to support national plans to implement all the Sustainable Development Goals.",
    ),
    (
        "17.10",
        "تعزيز نظام تجاري متعدد الأطراف عالمي وقائم على القواعد ومفتوح وغير تمييزي ومنصف.",
        "Promote a universal, rules-based, open, non-discriminatory and equitable multilateral trading system "
        "under the World Trade Organization.",
    ),
    (
        "17.11",
        "زيادة صادرات البلدان النامية زيادة كبيرة.",
        "Significantly increase the exports of developing countries.",
    ),
    (
        "17.12",
        "تحقيق التنفيذ الملائم التوقيت لوصول منتجات جميع أقل البلدان نمواً إلى الأسواق دون رسوم جمركية أو حصص مفروضة.",
        "Realize timely implementation of duty-free and quota-free market access on a lasting basis for all "
        "least developed countries.",
    ),
    (
        "17.13",
        "تعزيز استقرار الاقتصاد الكلي على الصعيد العالمي، بوسائل تشمل تنسيق السياسات وتحقيق اتساقها.",
        "Enhance global macroeconomic stability, including through policy coordination and policy coherence.",
    ),
    (
        "17.14",
        "تعزيز اتساق السياسات من أجل تحقيق التنمية المستدامة.",
        "Enhance policy coherence for sustainable development.",
    ),
    (
        "17.15",
        "احترام الحيز السياساتي والقيادة الخاصين بكل بلد لوضع وتنفيذ سياسات للقضاء على الفقر وتحقيق التنمية المستدامة.",
        "Respect each country's policy space and leadership to establish and implement policies for poverty "
        "eradication and sustainable development.",
    ),
    (
        "17.16",
        "تعزيز الشراكة العالمية من أجل تحقيق التنمية المستدامة، واستكمالها بشراكات بين أصحاب المصلحة المتعددين "
        "لجمع المعارف والخبرات والتكنولوجيا والموارد المالية وتقاسمها.",
        "Enhance the Global Partnership for Sustainable Development, complemented by multi-stakeholder "
        "partnerships that mobilize and share knowledge, expertise, technology and financial resources.",
    ),
    (
        "17.17",
        "تشجيع وتعزيز الشراكات الفعالة بين القطاع العام والقطاع الخاص وشراكات المجتمع المدني، بالاستفادة من "
        "الخبرات المكتسبة من الشراكات ومن استراتيجياتها لتعبئة الموارد.",
        "Encourage and promote effective public, public-private and civil society partnerships, building on the "
        "experience and resourcing strategies of partnerships.",
    ),
    (
        "17.18",
        "تعزيز تقديم الدعم لبناء قدرات البلدان النامية لتحقيق زيادة كبيرة في توافر بيانات عالية الجودة ومناسبة "
        "التوقيت وموثوقة ومفصلة، بحلول عام 2020.",
        "By 2020, enhance capacity-building support to developing countries to increase significantly the "
        "availability of high-quality, timely and reliable data disaggregated by income, gender, age, race, "
        "ethnicity, migratory status, disability, geographic location and other characteristics relevant in "
        "national contexts.",
    ),
    (
        "17.19",
        "الاستفادة من المبادرات القائمة لوضع مقاييس للتقدم المحرز في تحقيق التنمية المستدامة تكون مكملة للناتج "
        "المحلي الإجمالي، ودعم بناء القدرات الإحصائية في البلدان النامية، بحلول عام 2030.",
        "By 2030, build on existing initiatives to develop measurements of progress on sustainable development "
        "that complement gross domestic product, and support statistical capacity-building in developing "
        "countries.",
    ),
]


def target_sort_key(code: str) -> str:
    """A key that sorts codes as the UN lists them: 11.2 before 11.10, numbers before letters (11.7 < 11.a)."""
    parts = []
    for part in code.split("."):
        parts.append(part.zfill(3) if part.isdigit() else f"~{part}")
    return ".".join(parts)


def load_reference_data(SdgGoal, SdgTarget) -> None:
    """Create or update the goals and UN targets; model classes are passed so migrations can use it."""
    goals = {}
    for number, name_ar, name_en in GOALS:
        goals[number], _ = SdgGoal.objects.update_or_create(
            number=number, defaults={"name_ar": name_ar, "name_en": name_en}
        )
    for code, text_ar, text_en in TARGETS:
        SdgTarget.objects.update_or_create(
            code=code,
            defaults={
                "goal": goals[int(code.split(".")[0])],
                "text_ar": text_ar,
                "text_en": text_en,
                "is_local": False,
                "parent": None,
                "sort_key": target_sort_key(code),
            },
        )
