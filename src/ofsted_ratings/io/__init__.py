"""Records in and out of files: the cattrs converter (:mod:`.convert`), the data package on
disk (:mod:`.package`) and the user's updated copies of it (:mod:`.userdata`).

Nothing here knows about queries, exports or the network.
"""
