-- we can read Lua syntax here!
return {
    ["annotations"] = {
        [1] = {
            ["chapter"] = "Chapitre II",
            ["color"] = "yellow",
            ["datetime"] = "2024-03-02 21:14:05",
            ["drawer"] = "lighten",
            ["page"] = "/body/DocFragment[4]/body/p[12]/text().0",
            ["pageno"] = 14,
            ["pos0"] = "/body/DocFragment[4]/body/p[12]/text().0",
            ["pos1"] = "/body/DocFragment[4]/body/p[12]/text().41",
            ["text"] = "S'il vous plaît... dessine-moi un mouton!",
        },
        [2] = {
            ["chapter"] = "Chapitre II",
            ["datetime"] = "2024-03-02 21:20:00",
            ["page"] = "/body/DocFragment[5]/body/p[1]/text().0",
            ["pageno"] = 19,
            ["text"] = "in Chapitre III",
        },
        [3] = {
            ["chapter"] = "Chapitre XXI",
            ["color"] = "red",
            ["datetime"] = "2024-03-04 08:01:13",
            ["datetime_updated"] = "2024-03-05 19:30:00",
            ["drawer"] = "underscore",
            ["note"] = "Le renard:\
\"apprivoiser\" veut dire \\ créer des liens.",
            ["page"] = "/body/DocFragment[24]/body/p[40]/text().0",
            ["pageno"] = 88,
            ["pos0"] = "/body/DocFragment[24]/body/p[40]/text().0",
            ["pos1"] = "/body/DocFragment[24]/body/p[40]/text().73",
            ["text"] = "On ne voit bien qu'avec le cœur. L'essentiel est invisible pour les yeux.",
        },
    },
    ["doc_path"] = "/mnt/onboard/Books/Le Petit Prince.epub",
    ["doc_pages"] = 96,
    ["doc_props"] = {
        ["authors"] = "Antoine de Saint-Exupéry",
        ["keywords"] = "classique\
conte",
        ["language"] = "fr",
        ["title"] = "Le Petit Prince",
    },
    ["percent_finished"] = 1,
    ["summary"] = {
        ["modified"] = "2024-03-05",
        ["status"] = "complete",
    },
}
