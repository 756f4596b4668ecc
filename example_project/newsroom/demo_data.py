"""Demo content for the example newsroom site.

All rubrics, authors, places and articles below are invented for demonstration
purposes. The text is deliberately neutral (infrastructure, budgets, weather,
culture, research) and does not describe real people, companies or events.
"""

RUBRICS = [
    {
        "name": "Analytics",
        "slug": "analytics",
        "description": (
            "In-depth analysis of the trends shaping the region's towns, services and economy."
        ),
        "sort_order": 1,
    },
    {
        "name": "Economy",
        "slug": "economy",
        "description": "News about prices, budgets, jobs and local business across the region.",
        "sort_order": 2,
    },
    {
        "name": "Culture",
        "slug": "culture",
        "description": "Museums, festivals, theatre and the people who keep local heritage alive.",
        "sort_order": 3,
    },
    {
        "name": "Science",
        "slug": "science",
        "description": "Research from regional universities, laboratories and field stations.",
        "sort_order": 4,
    },
]

AUTHORS = [
    {
        "name": "Eliso Margvelani",
        "slug": "eliso-margvelani",
        "bio": (
            "Eliso covers municipal budgets and public services. "
            "She previously edited the weekly business supplement."
        ),
    },
    {
        "name": "Miroslav Dubrenko",
        "slug": "miroslav-dubrenko",
        "bio": (
            "Miroslav writes about transport, energy and regional infrastructure, "
            "and maintains the newsroom's data desk."
        ),
    },
    {
        "name": "Harriet Pembleton",
        "slug": "harriet-pembleton",
        "bio": (
            "Harriet reports on museums, festivals and the performing arts. "
            "She has a background in art history."
        ),
    },
    {
        "name": "Aidar Kemelbayev",
        "slug": "aidar-kemelbayev",
        "bio": "Aidar follows university research, climate and agriculture across the region.",
    },
]

ARTICLES = [
    # ------------------------------------------------------------------ analytics
    {
        "slug": "varnavan-bus-network-redesign-ridership",
        "title": (
            "Why the redesigned bus network in Varnavan gained riders on weekdays "
            "but lost them on weekends"
        ),
        "lead": "Six months of ticket data show a split picture for the new routes.",
        "rubric": "analytics",
        "authors": ["miroslav-dubrenko"],
        "days_ago": 0,
        "hour": 8,
        "minute": 15,
        "tags": ["transport", "buses", "data"],
        "paragraphs": [
            (
                "The city of Varnavan replaced its old radial bus routes with a grid of "
                "frequent lines last spring. Transport officials promised shorter waits and "
                "fewer transfers for most residents."
            ),
            (
                "Ticket validation data for the first six months show weekday ridership up "
                "by roughly nine percent. Morning peaks on the two new crosstown lines are "
                "now the busiest in the network."
            ),
            (
                "Weekends tell a different story. Several lines now run every twenty minutes "
                "on Saturdays instead of every twelve, and weekend trips fell by about four "
                "percent over the same period."
            ),
            (
                "Planners say the weekend timetable was a budget compromise. A review of "
                "Saturday frequencies is scheduled for the autumn council session."
            ),
            (
                "Passenger groups welcome the review but ask for earlier publication of the "
                "data. They argue that residents should be able to compare routes before "
                "decisions are made."
            ),
        ],
    },
    {
        "slug": "ostmark-valley-water-supply-dry-summers",
        "title": (
            "How three dry summers in a row are forcing the Ostmark valley to rethink "
            "its ageing water supply system"
        ),
        "lead": "Reservoir levels have recovered, but the pipes have not.",
        "rubric": "analytics",
        "authors": ["eliso-margvelani", "aidar-kemelbayev"],
        "days_ago": 2,
        "hour": 9,
        "minute": 40,
        "tags": ["water", "infrastructure", "climate"],
        "paragraphs": [
            (
                "The Ostmark valley depends on a single reservoir built more than fifty years "
                "ago. After three unusually dry summers, the regional water board has "
                "published a long-term plan for the network."
            ),
            (
                "Spring rain refilled the reservoir to ninety percent of capacity this year. "
                "The board warns, however, that leaking mains lose almost a fifth of the "
                "treated water before it reaches homes."
            ),
            (
                "The plan proposes replacing the oldest pipes first and adding a second intake "
                "on the Selva river. Engineers estimate the work would take about twelve years."
            ),
            "",
            (
                "Households would see a gradual increase in water tariffs to fund the work. "
                "The board says the rise would be smaller than the cost of emergency repairs "
                "during future droughts."
            ),
            (
                "Public consultations begin next month in each of the valley's seven "
                "municipalities. Residents can also send written comments until the end of "
                "the quarter."
            ),
        ],
    },
    {
        "slug": "lorendal-municipal-budget-where-money-goes",
        "title": (
            "Where the money goes: a line-by-line look at the Lorendal municipal budget "
            "for the coming year"
        ),
        "lead": "Schools and road maintenance take the largest shares once again.",
        "rubric": "analytics",
        "authors": ["eliso-margvelani"],
        "days_ago": 4,
        "hour": 11,
        "minute": 5,
        "tags": ["budget", "municipal"],
        "paragraphs": [
            (
                "The town council of Lorendal approved its budget for next year on Tuesday. "
                "Total spending rises by just over three percent compared with this year."
            ),
            (
                "Education remains the largest item at about a third of all spending. Most "
                "of the increase goes to heating upgrades in four primary schools."
            ),
            (
                "Road maintenance is the second largest item. The council has set aside funds "
                "to resurface the ring road and repair two footbridges over the canal."
            ),
            (
                "Smaller lines include a new reading room at the central library and longer "
                "opening hours at the municipal pool. Both were requested in last year's "
                "participatory budgeting vote."
            ),
        ],
    },
    {
        "slug": "energy-prices-winter-outlook-households",
        "title": (
            "What the winter outlook for heating and electricity prices means for "
            "households across the northern districts"
        ),
        "lead": "Analysts expect moderate increases, with wide differences between towns.",
        "rubric": "analytics",
        "authors": ["miroslav-dubrenko", "eliso-margvelani"],
        "days_ago": 6,
        "hour": 7,
        "minute": 30,
        "tags": ["energy", "prices", "households"],
        "paragraphs": [
            (
                "District heating companies in the northern districts have filed their "
                "proposed tariffs for the coming season. Most request increases of between "
                "two and six percent."
            ),
            (
                "The differences largely reflect the age of local networks. Towns that "
                "insulated their main pipes in recent years face the smallest increases."
            ),
            (
                "Electricity prices are expected to stay close to current levels. The "
                "regional grid operator points to new solar capacity that reduces demand "
                "during daytime peaks."
            ),
            (
                "Consumer advisers recommend checking radiator valves and window seals "
                "before the first cold spell. Simple repairs can cut heating use by several "
                "percent in older flats."
            ),
            (
                "Final tariffs will be confirmed by the regional energy regulator in late "
                "autumn. Households receive written notice at least a month in advance."
            ),
        ],
    },
    {
        "slug": "tourism-season-kestrel-bay-visitor-numbers",
        "title": (
            "Longer tourist season on the Kestrel Bay coast spreads visitors more evenly "
            "but strains local services"
        ),
        "lead": "September is now almost as busy as July in several resort towns.",
        "rubric": "analytics",
        "authors": ["harriet-pembleton"],
        "days_ago": 8,
        "hour": 10,
        "minute": 20,
        "tags": ["tourism", "coast"],
        "paragraphs": [
            (
                "Hotel occupancy figures from the Kestrel Bay coast show a steady shift "
                "towards the shoulder months. Early autumn bookings have grown faster than "
                "summer bookings for three years."
            ),
            (
                "Local businesses welcome the longer season. Several cafes and boat operators "
                "now stay open until the end of October instead of closing in September."
            ),
            (
                "The change puts pressure on services designed for a short summer peak. "
                "Lifeguard contracts, seasonal bus routes and waste collection schedules all "
                "end earlier than the new demand."
            ),
            (
                "Coastal municipalities are discussing a shared plan for the extended "
                "season. A first draft is expected before the winter."
            ),
        ],
    },
    {
        "slug": "harvest-forecast-tarvic-uplands-grain",
        "title": (
            "Late frosts and a warm August leave grain farmers in the Tarvic uplands "
            "with an uneven harvest this year"
        ),
        "lead": "Yields vary sharply from one valley to the next.",
        "rubric": "analytics",
        "authors": ["aidar-kemelbayev"],
        "days_ago": 10,
        "hour": 13,
        "minute": 45,
        "tags": ["harvest", "weather", "farming"],
        "paragraphs": [
            (
                "Farmers in the Tarvic uplands have finished most of the grain harvest. "
                "Preliminary figures from the agricultural office show average yields slightly "
                "below the five-year mean."
            ),
            (
                "The averages hide large local differences. Fields on south-facing slopes "
                "escaped the late May frosts, while those in low valleys lost part of their "
                "early growth."
            ),
            (
                "A warm and dry August helped the crop ripen quickly. Grain quality is "
                "reported as good, which partly offsets the lower volumes."
            ),
            (
                "The agricultural office plans to extend its network of frost sensors next "
                "spring. Farmers will receive text alerts when temperatures approach "
                "freezing at night."
            ),
            (
                "Storage cooperatives say they have enough capacity for the harvest. Prices "
                "at the regional grain exchange have remained stable so far."
            ),
        ],
    },
    {
        "slug": "brennholt-housing-renovation-program-results",
        "title": (
            "Five years of the Brennholt renovation programme: what changed for residents "
            "of the older apartment blocks"
        ),
        "lead": "Energy use fell, but waiting lists for the programme keep growing.",
        "rubric": "analytics",
        "authors": ["eliso-margvelani"],
        "days_ago": 13,
        "hour": 16,
        "minute": 10,
        "tags": ["housing", "energy"],
        "paragraphs": [
            (
                "The town of Brennholt launched its renovation programme for apartment blocks "
                "five years ago. So far forty-two buildings have received new insulation, "
                "windows and heating controls."
            ),
            (
                "Metering data show that heating use in renovated buildings dropped by about "
                "a third on average. Residents also report fewer problems with damp and mould."
            ),
            (
                "Demand for the programme now far exceeds the annual budget. More than sixty "
                "residents' associations are on the waiting list."
            ),
            (
                "The town is considering a low-interest loan scheme to speed up the work. "
                "Associations would repay the loans from their savings on heating bills."
            ),
        ],
    },
    {
        "slug": "regional-rail-timetable-commuters-analysis",
        "title": (
            "Are the new regional rail timetables really faster? We compared journey times "
            "on twelve commuter routes"
        ),
        "lead": "Most trips got shorter, but connections at two junctions got worse.",
        "rubric": "analytics",
        "authors": ["miroslav-dubrenko"],
        "days_ago": 15,
        "hour": 7,
        "minute": 5,
        "tags": ["rail", "transport", "data"],
        "paragraphs": [
            (
                "The regional rail operator introduced a new timetable at the start of the "
                "month. It promised shorter journeys thanks to track upgrades and fewer stops "
                "on express services."
            ),
            (
                "We compared scheduled door-to-platform times on twelve commuter routes "
                "before and after the change. Nine routes became faster, by between three "
                "and eleven minutes."
            ),
            "",
            (
                "Two routes got slower because connections at the Mirovka and Hallan junctions "
                "no longer line up. Passengers there now wait up to eighteen minutes for a "
                "connecting train."
            ),
            (
                "The operator says it is aware of the problem and will adjust departure times "
                "in the winter timetable. Passenger groups have asked for an interim fix."
            ),
        ],
    },
    {
        "slug": "cycling-lanes-selmira-traffic-counts",
        "title": (
            "One year after the new cycling lanes opened in Selmira, traffic counters show "
            "steady growth in everyday trips"
        ),
        "lead": "Cycling is up in every month, including the coldest ones.",
        "rubric": "analytics",
        "authors": ["miroslav-dubrenko", "aidar-kemelbayev"],
        "days_ago": 20,
        "hour": 12,
        "minute": 25,
        "tags": ["cycling", "transport"],
        "paragraphs": [
            (
                "Selmira opened six kilometres of protected cycling lanes last year. Automatic "
                "counters were installed at eight points along the new routes."
            ),
            (
                "The counters recorded an average of about two thousand trips per day in the "
                "first year. Numbers grew in every month compared with the same month before "
                "the lanes opened."
            ),
            (
                "The largest increase came on the route linking the railway station with the "
                "university campus. Morning counts there nearly doubled."
            ),
            (
                "Car traffic on the same streets fell slightly, while bus travel times stayed "
                "unchanged. The city plans to add two more routes over the next three years."
            ),
            (
                "Residents can follow the counter data on the city's open data portal. The "
                "figures are updated every night."
            ),
        ],
    },
    # -------------------------------------------------------------------- economy
    {
        "slug": "varnavan-market-hall-reopens-local-producers",
        "title": (
            "Varnavan market hall reopens after renovation with more stalls reserved for "
            "small local producers"
        ),
        "lead": "Half of the stalls now go to farms from within fifty kilometres.",
        "rubric": "economy",
        "authors": ["eliso-margvelani"],
        "days_ago": 1,
        "hour": 9,
        "minute": 0,
        "tags": ["markets", "food"],
        "paragraphs": [
            (
                "The covered market hall in Varnavan reopened on Saturday after an eighteen "
                "month renovation. The building now has a new roof, better ventilation and "
                "a cold storage room."
            ),
            (
                "Under the new rules, half of the stalls are reserved for producers based "
                "within fifty kilometres of the city. Rents for these stalls are set below "
                "the general rate."
            ),
            (
                "Traders say the first weekend was busy. Several sold out of seasonal fruit "
                "and cheese before noon."
            ),
            (
                "The market is open six days a week. A small cafe on the upper gallery will "
                "open next month."
            ),
        ],
    },
    {
        "slug": "ostmark-small-business-grants-second-round",
        "title": (
            "Second round of small business grants in the Ostmark valley focuses on repair "
            "shops and workshops"
        ),
        "lead": "Applications open next week and close at the end of the month.",
        "rubric": "economy",
        "authors": ["eliso-margvelani"],
        "days_ago": 3,
        "hour": 14,
        "minute": 30,
        "tags": ["business", "grants"],
        "paragraphs": [
            (
                "The Ostmark valley development fund has announced a second round of grants "
                "for small businesses. This year the fund focuses on repair shops and "
                "craft workshops."
            ),
            (
                "Eligible businesses can apply for up to half the cost of new equipment. "
                "The maximum grant has been raised compared with the first round."
            ),
            (
                "The fund says repair services help households keep appliances and tools in "
                "use for longer. Several towns in the valley currently have no repair shop "
                "at all."
            ),
            (
                "Advisers from the fund will hold information sessions in four towns. "
                "Attendance is free, but places should be booked in advance."
            ),
        ],
    },
    {
        "slug": "kestrel-bay-ferry-fares-winter-schedule",
        "title": (
            "Kestrel Bay ferry operator keeps fares unchanged for winter but reduces the "
            "number of evening crossings"
        ),
        "lead": "The last evening ferry will leave one hour earlier from November.",
        "rubric": "economy",
        "authors": ["miroslav-dubrenko"],
        "days_ago": 5,
        "hour": 17,
        "minute": 50,
        "tags": ["ferry", "transport", "prices"],
        "paragraphs": [
            (
                "The municipal ferry service across Kestrel Bay has published its winter "
                "schedule. Ticket prices remain at this year's level for all passenger groups."
            ),
            (
                "The number of evening crossings will fall from four to three. The last "
                "departure from the harbour moves from ten to nine in the evening."
            ),
            (
                "The operator cites lower passenger numbers in the winter months. Evening "
                "boats last year often carried fewer than twenty people."
            ),
            (
                "Island residents have asked for a late crossing on Fridays. The operator "
                "says it will test the idea during December."
            ),
        ],
    },
    {
        "slug": "lorendal-job-fair-apprenticeships",
        "title": (
            "Record number of apprenticeships offered at the Lorendal job fair as local "
            "workshops look for new staff"
        ),
        "lead": "Electricians, carpenters and bakers were among the most sought-after trades.",
        "rubric": "economy",
        "authors": ["eliso-margvelani", "harriet-pembleton"],
        "days_ago": 9,
        "hour": 15,
        "minute": 15,
        "tags": ["jobs", "education"],
        "paragraphs": [
            (
                "More than eighty employers took part in the annual job fair in Lorendal. "
                "Together they offered over two hundred apprenticeship places."
            ),
            (
                "Electricians, carpenters and bakers were among the trades with the most "
                "vacancies. Several employers offered paid trial weeks during the school "
                "holidays."
            ),
            (
                "Teachers from the vocational college helped visitors compare programmes. "
                "Many students came with their parents to ask about training schedules."
            ),
            (
                "Organisers plan to hold a smaller spring edition for adults who want to "
                "change careers. The date will be announced in the new year."
            ),
        ],
    },
    {
        "slug": "tarvic-uplands-honey-producers-cooperative",
        "title": (
            "Honey producers in the Tarvic uplands form a cooperative to share bottling "
            "equipment and reach new buyers"
        ),
        "lead": "Twenty-three beekeepers have signed up so far.",
        "rubric": "economy",
        "authors": ["aidar-kemelbayev"],
        "days_ago": 12,
        "hour": 10,
        "minute": 55,
        "tags": ["farming", "cooperatives"],
        "paragraphs": [
            (
                "Beekeepers in the Tarvic uplands have founded a cooperative to share costs. "
                "Twenty-three producers joined at the founding meeting last week."
            ),
            (
                "The cooperative will buy a bottling and labelling line for its members. "
                "Until now most beekeepers filled jars by hand in their kitchens."
            ),
            (
                "Members also plan a common brand for shops in the larger towns. Each jar "
                "will still show the name of the individual producer."
            ),
            (
                "The first cooperative honey is expected in shops before the winter holidays. "
                "New members can join at any time."
            ),
        ],
    },
    {
        "slug": "selmira-parking-fees-city-centre-changes",
        "title": (
            "Selmira adjusts parking fees in the city centre and extends free short stays "
            "near shops and pharmacies"
        ),
        "lead": "The first fifteen minutes will be free on selected streets.",
        "rubric": "economy",
        "authors": ["miroslav-dubrenko"],
        "days_ago": 17,
        "hour": 8,
        "minute": 35,
        "tags": ["parking", "municipal"],
        "paragraphs": [
            (
                "The city council of Selmira has approved a new parking fee structure for "
                "the centre. The changes take effect at the start of next month."
            ),
            (
                "Hourly fees rise slightly in the two busiest zones. At the same time, the "
                "first fifteen minutes become free on streets with shops and pharmacies."
            ),
            (
                "The council says the aim is to make short errands easier while keeping "
                "long-term parking at the edge of the centre. Park-and-ride fees are "
                "unchanged."
            ),
            (
                "Parking machines will be updated over the coming weeks. Drivers can also "
                "pay using the city's existing parking app."
            ),
        ],
    },
    {
        "slug": "brennholt-bakery-guild-flour-prices",
        "title": (
            "Bakers in Brennholt say stable flour prices this autumn have allowed them to "
            "keep bread prices unchanged"
        ),
        "lead": "The local bakers' guild expects prices to hold until spring.",
        "rubric": "economy",
        "authors": ["eliso-margvelani"],
        "days_ago": 24,
        "hour": 7,
        "minute": 20,
        "tags": ["food", "prices"],
        "paragraphs": [
            (
                "Members of the Brennholt bakers' guild met this week to discuss the season. "
                "Most reported that flour prices have stayed close to last year's level."
            ),
            (
                "Energy for ovens remains the largest cost for small bakeries. Several "
                "members have switched to more efficient ovens with support from a "
                "municipal scheme."
            ),
            (
                "The guild expects bread prices to remain unchanged until spring. Prices "
                "for pastries may vary with the cost of butter and eggs."
            ),
            (
                "The guild will hold its annual open bakery day in November. Visitors can "
                "watch early morning baking in eleven participating shops."
            ),
        ],
    },
    # -------------------------------------------------------------------- culture
    {
        "slug": "varnavan-museum-of-crafts-new-wing",
        "title": (
            "Varnavan Museum of Crafts opens a new wing dedicated to weaving, pottery and "
            "woodwork from the region"
        ),
        "lead": "More than four hundred objects go on permanent display.",
        "rubric": "culture",
        "authors": ["harriet-pembleton"],
        "days_ago": 0,
        "hour": 18,
        "minute": 0,
        "tags": ["museums", "crafts"],
        "paragraphs": [
            (
                "The Museum of Crafts in Varnavan opened its new wing to the public on "
                "Friday evening. The extension doubles the museum's exhibition space."
            ),
            (
                "More than four hundred objects are now on permanent display. Many of them "
                "were kept in storage for decades because of a lack of room."
            ),
            (
                "The largest hall is devoted to weaving, with looms that visitors can try "
                "under the guidance of volunteers. A separate room shows the stages of "
                "making a clay pot."
            ),
            (
                "Entry to the new wing is free for the first month. School groups can book "
                "guided tours through the museum's website."
            ),
            (
                "The museum also plans a series of weekend workshops. The first one, on "
                "simple wood carving, is already fully booked."
            ),
        ],
    },
    {
        "slug": "kestrel-bay-autumn-music-festival-programme",
        "title": (
            "The autumn music festival in Kestrel Bay announces its programme with concerts "
            "in lighthouses and boathouses"
        ),
        "lead": "The festival runs for three weekends in October.",
        "rubric": "culture",
        "authors": ["harriet-pembleton"],
        "days_ago": 3,
        "hour": 12,
        "minute": 0,
        "tags": ["music", "festivals"],
        "paragraphs": [
            (
                "Organisers of the Kestrel Bay autumn music festival have published this "
                "year's programme. Concerts will take place over three weekends in October."
            ),
            (
                "As in previous years, many performances are held in unusual venues along "
                "the coast. Two old lighthouses and a restored boathouse will host chamber "
                "music."
            ),
            (
                "The programme includes a children's matinee and an open rehearsal for "
                "local music students. Ticket prices are unchanged from last year."
            ),
            (
                "Because some venues are small, organisers recommend booking early. A "
                "limited number of tickets will be sold at the door."
            ),
        ],
    },
    {
        "slug": "lorendal-library-restores-old-town-maps",
        "title": (
            "Lorendal library completes the restoration of its collection of old town maps "
            "and puts them online for everyone"
        ),
        "lead": "The digitised maps cover more than two centuries of the town's growth.",
        "rubric": "culture",
        "authors": ["harriet-pembleton", "eliso-margvelani"],
        "days_ago": 7,
        "hour": 11,
        "minute": 30,
        "tags": ["libraries", "history", "maps"],
        "paragraphs": [
            (
                "The central library in Lorendal has finished a three-year project to "
                "restore its collection of historical town maps. Eighty-six sheets were "
                "cleaned, repaired and scanned."
            ),
            (
                "The maps show how the town grew from a small river crossing into a regional "
                "centre. Some sheets include hand-drawn notes by former town surveyors."
            ),
            (
                "All scans are now available on the library's website in high resolution. "
                "Users can compare different years side by side."
            ),
            (
                "A selection of the original maps will be exhibited in the library's reading "
                "room until the end of the year. Entry is free."
            ),
        ],
    },
    {
        "slug": "selmira-open-air-theatre-season-closes",
        "title": (
            "Selmira's open-air theatre closes its busiest season in a decade with a "
            "final week of sold-out performances"
        ),
        "lead": "Attendance rose by a quarter compared with last summer.",
        "rubric": "culture",
        "authors": ["harriet-pembleton"],
        "days_ago": 11,
        "hour": 21,
        "minute": 10,
        "tags": ["theatre"],
        "paragraphs": [
            (
                "The open-air theatre in Selmira's riverside park has ended its summer "
                "season. The final week of performances was sold out every night."
            ),
            (
                "Total attendance rose by about a quarter compared with last year. The "
                "theatre credits a new covered seating area that protected audiences from "
                "summer showers."
            ),
            "",
            (
                "This year's programme mixed classic comedies with two new plays by regional "
                "writers. Both new plays will return next summer."
            ),
            (
                "During the winter, the company will tour smaller towns with a reduced stage. "
                "The touring schedule is expected in November."
            ),
        ],
    },
    {
        "slug": "ostmark-valley-photography-exhibition-rivers",
        "title": (
            "A photography exhibition in the Ostmark valley follows the Selva river from "
            "its source to the lowland meadows"
        ),
        "lead": "The images were taken by amateur photographers over one full year.",
        "rubric": "culture",
        "authors": ["harriet-pembleton", "aidar-kemelbayev"],
        "days_ago": 16,
        "hour": 17,
        "minute": 40,
        "tags": ["photography", "exhibitions", "nature"],
        "paragraphs": [
            (
                "A new exhibition at the Ostmark valley cultural centre presents photographs "
                "of the Selva river. The images were taken by members of local photography "
                "clubs."
            ),
            (
                "Each photographer was assigned a stretch of the river and visited it in "
                "every season. The result is a portrait of the river across a full year."
            ),
            (
                "Visitors can see the same bridges, mills and meadows under snow, in spring "
                "flood and in late summer. Short captions explain the location of each image."
            ),
            (
                "The exhibition runs until the end of next month. A printed catalogue is "
                "available at the centre's front desk."
            ),
        ],
    },
    {
        "slug": "brennholt-folk-dance-ensemble-anniversary",
        "title": (
            "Brennholt children's dance ensemble celebrates its fortieth anniversary with "
            "a gala evening at the town hall"
        ),
        "lead": "Former members returned to perform alongside current dancers.",
        "rubric": "culture",
        "authors": ["harriet-pembleton"],
        "days_ago": 21,
        "hour": 19,
        "minute": 30,
        "tags": ["dance", "anniversaries"],
        "paragraphs": [
            (
                "The children's dance ensemble of Brennholt marked its fortieth anniversary "
                "with a gala evening on Sunday. The town hall was full well before the "
                "start."
            ),
            (
                "Former members of the ensemble returned to perform alongside current "
                "dancers. Some had travelled from other parts of the country for the evening."
            ),
            (
                "The ensemble has trained more than a thousand children since it was "
                "founded. Rehearsals still take place twice a week in the old school gym."
            ),
            (
                "The anniversary programme will be repeated at the regional arts festival "
                "next spring. Auditions for new members open in September."
            ),
        ],
    },
    {
        "slug": "tarvic-uplands-village-school-museum",
        "title": (
            "A former village school in the Tarvic uplands becomes a small museum of "
            "rural life run entirely by volunteers"
        ),
        "lead": "The museum opens on weekends from May to October.",
        "rubric": "culture",
        "authors": ["harriet-pembleton"],
        "days_ago": 26,
        "hour": 14,
        "minute": 5,
        "tags": ["museums", "villages", "history"],
        "paragraphs": [
            (
                "The village school in Hollin Ridge closed twenty years ago when the last "
                "pupils moved to a larger school in the valley. This summer the building "
                "reopened as a museum."
            ),
            (
                "Volunteers collected furniture, tools and photographs from families in the "
                "surrounding villages. One classroom has been restored to look as it did "
                "sixty years ago."
            ),
            (
                "Other rooms show farm tools, household objects and a small collection of "
                "handmade toys. Labels are written in simple language for younger visitors."
            ),
            (
                "The museum is open on weekends from May to October. Group visits on other "
                "days can be arranged by telephone."
            ),
        ],
    },
    # -------------------------------------------------------------------- science
    {
        "slug": "varnavan-university-soil-moisture-sensors",
        "title": (
            "Varnavan University researchers test low-cost soil moisture sensors that could "
            "help small farms save water"
        ),
        "lead": "A pilot on twelve farms showed water savings of up to a fifth.",
        "rubric": "science",
        "authors": ["aidar-kemelbayev"],
        "days_ago": 1,
        "hour": 13,
        "minute": 15,
        "tags": ["research", "farming", "water"],
        "paragraphs": [
            (
                "A team at Varnavan University has developed soil moisture sensors that cost "
                "a fraction of commercial models. The devices were tested on twelve small "
                "farms over two growing seasons."
            ),
            (
                "Farmers received a simple message when the soil at root depth became dry. "
                "Those who followed the alerts used up to a fifth less water for irrigation."
            ),
            (
                "Crop yields on the test plots were the same as on neighbouring plots. The "
                "researchers say this shows that much irrigation happens earlier than needed."
            ),
            (
                "The team has published the sensor design under an open licence. Local "
                "technical schools plan to build sensors as part of their courses."
            ),
            (
                "The next phase of the project will test the sensors in orchards. Results "
                "are expected in two years."
            ),
        ],
    },
    {
        "slug": "kestrel-bay-seabird-count-volunteers",
        "title": (
            "Annual seabird count on the Kestrel Bay islands shows stable colonies and a "
            "welcome return of a rare species"
        ),
        "lead": "More than a hundred volunteers took part in this year's count.",
        "rubric": "science",
        "authors": ["aidar-kemelbayev", "harriet-pembleton"],
        "days_ago": 5,
        "hour": 10,
        "minute": 0,
        "tags": ["birds", "nature", "volunteers"],
        "paragraphs": [
            (
                "Volunteers and researchers have completed the annual seabird count on the "
                "islands of Kestrel Bay. The survey has been carried out every summer for "
                "more than thirty years."
            ),
            (
                "Most colonies remained stable compared with last year. Numbers of breeding "
                "gulls and terns were within the usual range."
            ),
            (
                "The biggest surprise was the return of a small colony of storm petrels. The "
                "species had not bred on the islands for almost a decade."
            ),
            (
                "Researchers believe that the removal of invasive rats from two islands "
                "helped the birds return. The work was completed three years ago."
            ),
        ],
    },
    {
        "slug": "selmira-polytechnic-bridge-monitoring-project",
        "title": (
            "Students at Selmira Polytechnic fit an old railway bridge with sensors to "
            "study how the structure ages over time"
        ),
        "lead": "The data will help engineers plan repairs before problems appear.",
        "rubric": "science",
        "authors": ["aidar-kemelbayev", "miroslav-dubrenko"],
        "days_ago": 9,
        "hour": 9,
        "minute": 50,
        "tags": ["engineering", "bridges", "research"],
        "paragraphs": [
            (
                "A group of engineering students at Selmira Polytechnic has installed sensors "
                "on a disused railway bridge. The steel bridge was built more than a century "
                "ago."
            ),
            (
                "The sensors measure vibration, temperature and small movements in the "
                "structure. Readings are sent to the university every ten minutes."
            ),
            (
                "Researchers want to understand how old steel bridges respond to changes in "
                "temperature over many years. Similar bridges are still in use on several "
                "regional lines."
            ),
            (
                "The project will run for at least five years. Students from different year "
                "groups will maintain the equipment and analyse the data."
            ),
        ],
    },
    {
        "slug": "lorendal-observatory-public-nights-comet",
        "title": (
            "Lorendal observatory opens its telescopes to the public for a series of "
            "autumn evenings devoted to comets"
        ),
        "lead": "Visitors can observe the night sky when the weather allows.",
        "rubric": "science",
        "authors": ["aidar-kemelbayev"],
        "days_ago": 14,
        "hour": 20,
        "minute": 15,
        "tags": ["astronomy", "education"],
        "paragraphs": [
            (
                "The small observatory on the hill above Lorendal is holding public evenings "
                "every Thursday this autumn. Each evening begins with a short talk about "
                "comets."
            ),
            (
                "After the talk, visitors can look through the observatory's two telescopes. "
                "On cloudy nights the session continues in the lecture room with images "
                "and models."
            ),
            (
                "The evenings are run by staff and volunteer members of the local astronomy "
                "club. Children are welcome if accompanied by an adult."
            ),
            (
                "Places are limited to thirty visitors per evening. Tickets can be reserved "
                "online or by telephone."
            ),
        ],
    },
    {
        "slug": "ostmark-valley-forest-recovery-study",
        "title": (
            "A ten-year study in the Ostmark valley shows that mixed forests recover faster "
            "after storms than plantations"
        ),
        "lead": "Researchers recommend planting a wider range of tree species.",
        "rubric": "science",
        "authors": ["aidar-kemelbayev"],
        "days_ago": 19,
        "hour": 11,
        "minute": 45,
        "tags": ["forests", "research", "climate"],
        "paragraphs": [
            (
                "Forestry researchers have published the results of a ten-year study in the "
                "Ostmark valley. They followed how different forest plots recovered after a "
                "severe windstorm."
            ),
            (
                "Mixed forests with several tree species regrew much faster. Young trees "
                "sheltered by surviving neighbours grew taller in the first five years."
            ),
            (
                "Plantations of a single species suffered more damage and recovered more "
                "slowly. Some plots were also affected by bark beetles after the storm."
            ),
            (
                "The researchers recommend planting a wider range of species in new forests. "
                "The regional forestry office says it will update its planting guidelines."
            ),
        ],
    },
    {
        "slug": "brennholt-hospital-telemedicine-pilot-results",
        "title": (
            "Telemedicine pilot at Brennholt hospital cuts travel for patients with regular "
            "check-ups in remote villages"
        ),
        "lead": "Patients saved an average of two hours per appointment.",
        "rubric": "science",
        "authors": ["aidar-kemelbayev", "eliso-margvelani"],
        "days_ago": 23,
        "hour": 15,
        "minute": 35,
        "tags": ["health", "technology"],
        "paragraphs": [
            (
                "The regional hospital in Brennholt has completed a one-year telemedicine "
                "pilot. Patients with regular check-ups could see their doctor by video from "
                "a village health post."
            ),
            (
                "Nurses at the health posts took measurements and helped patients connect. "
                "Doctors at the hospital reviewed the results during the call."
            ),
            (
                "On average, patients saved about two hours of travel per appointment. Most "
                "said they would choose a video consultation again."
            ),
            (
                "Doctors noted that some examinations still require a hospital visit. The "
                "hospital plans to extend the service to three more villages next year."
            ),
        ],
    },
    {
        "slug": "tarvic-uplands-weather-station-network",
        "title": (
            "A new network of automatic weather stations across the Tarvic uplands will "
            "improve local frost and storm warnings"
        ),
        "lead": "Fourteen stations will send data every five minutes.",
        "rubric": "science",
        "authors": ["aidar-kemelbayev"],
        "days_ago": 27,
        "hour": 8,
        "minute": 0,
        "tags": ["weather", "research"],
        "paragraphs": [
            (
                "The regional weather service has begun installing fourteen automatic "
                "weather stations in the Tarvic uplands. Until now the area had only two "
                "stations, both in larger towns."
            ),
            (
                "Each station measures temperature, humidity, wind and rainfall. Data will "
                "be sent to the forecasting centre every five minutes."
            ),
            (
                "Forecasters expect more accurate local warnings for frost and summer "
                "storms. Valleys and ridges in the uplands often have very different "
                "weather on the same day."
            ),
            (
                "The first stations are already online. The full network should be "
                "complete before the end of the year."
            ),
        ],
    },
]

# The house rules shown above the comment form, as on the reference page.
COMMENT_RULES = {
    "en": (
        "<p>Readers must avoid religious, racial and national discrimination, must not use "
        "offensive or derogatory expressions, and must not make appeals contrary to the law.</p>"
    ),
    "ru": (
        "<p>Читатели должны избегать религиозной, расовой и национальной дискриминации, не "
        "использовать оскорбительные или уничижительные выражения и не допускать призывов, "
        "противоречащих закону.</p>"
    ),
}

# (phrase, rule family, action): a small starting list; editors maintain the real one.
MODERATION_RULES = [
    ("idiot", "offensive", "reject"),
    ("moron", "offensive", "reject"),
    ("идиот", "offensive", "reject"),
]

COMMENTS = [
    ("Levan", "Thank you for the detailed figures, very helpful."),
    ("Marta", "I would like to read more about how this affects the villages."),
    ("Anar", "Good to see the timetable finally published."),
    ("Irina", "A clear explanation of a complicated topic."),
]
