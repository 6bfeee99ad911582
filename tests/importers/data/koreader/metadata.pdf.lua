-- /mnt/onboard/Papers/attention.pdf
return {
    ["bookmarks"] = {
        [1] = {
            ["datetime"] = "2019-06-01 10:00:00",
            ["highlighted"] = true,
            ["notes"] = "The dominant sequence transduction models are based on complex recurrent networks",
            ["page"] = 1,
            ["pos0"] = {
                ["page"] = 1,
                ["x"] = 120.5,
                ["y"] = 300.25,
            },
            ["pos1"] = {
                ["page"] = 1,
                ["x"] = 480,
                ["y"] = 312,
            },
            ["text"] = "Background for the intro",
        },
        [2] = {
            ["datetime"] = "2019-06-01 10:05:00",
            ["page"] = 3,
            ["text"] = "Page 3 @ 2019-06-01 10:05:00",
        },
    },
    ["doc_props"] = {
        ["authors"] = "Vaswani et al.",
        ["title"] = "Attention Is All You Need",
    },
    ["highlight"] = {
        [1] = {
            [1] = {
                ["datetime"] = "2019-06-01 10:00:00",
                ["drawer"] = "lighten",
                ["pos0"] = {
                    ["page"] = 1,
                    ["x"] = 120.5,
                    ["y"] = 300.25,
                },
                ["pos1"] = {
                    ["page"] = 1,
                    ["x"] = 480,
                    ["y"] = 312,
                },
                ["text"] = "The dominant sequence transduction models are based on complex recurrent networks",
            },
        },
        [5] = {
            [1] = {
                ["datetime"] = "2019-06-02 18:45:10",
                ["drawer"] = "lighten",
                ["text"] = "We propose a new simple network architecture, the Transformer",
            },
        },
    },
    ["percent_finished"] = 0.25,
}
