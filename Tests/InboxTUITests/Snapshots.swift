// Text snapshots of rendered screens (trailing blanks trimmed). To update one, run the
// tests and copy the "actual" text from the failure message here after reviewing it.
enum Snapshots {
    static let all: [String: String] = [
        "conversation-folded": #"""
        Views           │#42 · open · normal · unassigned · Ayşe Yılmaz <ayse@example.c…
         Unassigned    1│Kargom nerede?
         Open          1│
         Pending       0│▶ Ayşe Yılmaz · 2026-11-17 11:06
         Quarantine    0│Merhaba,
         All tickets   1│siparişim gelmedi.
                        │
        Queues          │◀ Ada · 2026-11-17 11:36
         Support       1│Merhaba Ayşe,
                        │kargonuz yolda.
                        │
                        │[… 3 quoted lines]
                        │Ada
                        │
                        │
         TICKET │ All tickets │ #42 │ 2 messages                      ? help  : command
        """#,
        "list-60x16": #"""
         #      STATUS   PRIO   CUSTOMER     SUBJECT             AGE
         #101   new      high   Ayşe Yılmaz  Kargom nerede? Si…   5m
         #102   open     normal Łukasz Żółć  Zwrot towaru – źl…   2h
         #103   pending  normal 山田太郎     注文した商品が届…    1d
         #104   open     low    Åse Ødegård  Bestilling kom ik…   4d
         #105   open     normal bob@example… Where is my refun…   4w









         LIST │ All tickets │ 1/5                 ? help  : command
        """#,
        "list-hostile-subject": #"""
        Views               │ #      STATUS   PRIO   CUSTOMER         SUBJECT                            AGE
         Unassigned        1│ #7     open     normal Mallory�         Refund␛[2J␛]0;pwned␇ now �gnp.ex…   1h
         Open              1│
         Pending           0│
         Quarantine        0│
         All tickets       1│
                            │
        Queues              │
         Support           1│
                            │
                            │
         LIST │ All tickets │ 1/1                                                         ? help  : command
        """#,
        "list-multilingual-100x12-styles": #"""
        BBBBBBBBBBBBBBBBBBBBDBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
        ....................DRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR
        ....................D...............................................................................
        ....................D...............................................................................
        ....................D...............................................................................
        RRRRRRRRRRRRRRRRRRRRD...............................................................................
        ....................D...............................................................................
        BBBBBBBBBBBBBBBBBBBBD...............................................................................
        ....................D...............................................................................
        ....................D...............................................................................
        ....................D...............................................................................
        RRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRRR
        """#,
        "list-multilingual-100x12": #"""
        Views               │ #      STATUS   PRIO   CUSTOMER         SUBJECT                            AGE
         Unassigned        5│ #101   new      high   Ayşe Yılmaz      Kargom nerede? Sipariş #4411        5m
         Open              4│ #102   open     normal Łukasz Żółć      Zwrot towaru – źle dobrany rozmi…   2h
         Pending           1│ #103   pending  normal 山田太郎         注文した商品が届きません            1d
         Quarantine        0│ #104   open     low    Åse Ødegård      Bestilling kom ikke frem  [vip]     4d
         All tickets       5│ #105   open     normal bob@example.com  Where is my refund?                 4w
                            │
        Queues              │
         Support           5│
                            │
                            │
         LIST │ All tickets │ 1/5                                                         ? help  : command
        """#,
    ]
}
