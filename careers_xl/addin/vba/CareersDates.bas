Attribute VB_Name = "CareersDates"
' Careers Plan add-in: end points (deadlines) read the way careers-xl reads them
' (careers_xl/dates.py and terms.py).
'
' An End point may be a real date, or text: "Mar-26", "07.10.26" (day.month.year, UK),
' "31/03/2026", "July 2026", "w/c 13/1/26", "by 13th March", a half-term ("Autumn 2",
' "Oct half term", "Easter", "Summer 2026"), or "Ongoing"/"TBC" (no deadline). A half-term
' means its last day, in typical English term dates (CareersTerms). ReadEndCell and
' ReadEndText read one and leave what they found in EndKind, EndHasDue, EndDue and
' EndText; CareersShift moves one on a year.
Option Explicit

' What ReadEndCell or ReadEndText found: the kind ("date", "week", "month", "term", "open", "unknown" or
' "empty"), whether there is a due date, the due date, and the end point as text.
Public EndKind As String
Public EndHasDue As Boolean
Public EndDue As Date
Public EndText As String

' The text after any "w/c", "by", "end of": words and numbers (tokens), the characters
' before each (gaps; gapText(tokCount + 1) is what follows the last), and where the day,
' month, year, weekday and ordinal ("th") were found (token numbers, 0 if not typed).
' CareersShift types a moved end point again from these.
Private restText As String
Public prefixText As String
Public tokCount As Long
Public tokText() As String
Private tokNum() As Boolean
Public gapText() As String
Public iDay As Long, iMonth As Long, iYear As Long, iWday As Long, iOrd As Long
Private typedKind As String
Public monthNamed As Boolean

Private Const MONTH_NAMES As String = "|jan=1|january=1|feb=2|february=2|mar=3|march=3|apr=4|april=4|may=5|jun=6|june=6|jul=7|july=7|aug=8|august=8|sep=9|sept=9|september=9|oct=10|october=10|nov=11|november=11|dec=12|december=12|"
Public Const WEEKDAY_NAMES As String = "|mon=1|monday=1|tue=2|tues=2|tuesday=2|wed=3|weds=3|wednesday=3|thu=4|thur=4|thurs=4|thursday=4|fri=5|friday=5|sat=6|saturday=6|sun=7|sunday=7|"

' --- reading ----------------------------------------------------------------------------

' Read an End point cell. yearStart is the plan's academic year (2025 for 2025/26), or 0
' when unknown: it places half-term names and dates typed without a year ("13/1", "March").
Public Sub ReadEndCell(ByVal cell As Object, ByVal yearStart As Long)
    Dim v As Variant
    v = cell.Value
    If VarType(v) = vbDate Then
        EndKind = FormatKind(cell.NumberFormat)
        EndHasDue = True
        EndDue = v
        If EndKind = "month" Then EndDue = DateSerial(Year(v), Month(v), DaysInMonth(Year(v), Month(v)))
        EndText = cell.Text
    ElseIf IsError(v) Or IsEmpty(v) Or IsNull(v) Then
        SetEnd "empty", ""
    ElseIf VarType(v) = vbString Then
        ReadEndText CStr(v), yearStart
    Else
        SetEnd "unknown", CStr(v)
    End If
End Sub

' Read an end point typed as text (see the top of this module).
Public Sub ReadEndText(ByVal text As String, ByVal yearStart As Long)
    Dim low As String, key As String, written As Long
    text = Stripped(text)
    If text = "" Then
        SetEnd "empty", ""
        Exit Sub
    End If
    low = LCase$(text)
    low = Join(SplitSpaces(low), " ")
    Do While Right$(low, 1) = "."
        low = Left$(low, Len(low) - 1)
    Loop
    If InList(OPEN_END_POINTS, low) Or IsOpenStart(low) Then
        SetEnd "open", text
        Exit Sub
    End If
    key = TableValue(TermNames(), low)
    If key = "" Then
        If ReadTyped(text, yearStart) Then Exit Sub
        key = TermOf(text, written)
        If key = "" Then
            SetEnd "unknown", text
            Exit Sub
        End If
    End If
    SetEnd "term", text
    If written = 0 Then written = yearStart
    If written > 0 Then
        EndHasDue = True
        EndDue = TermEnd(key, written)
    End If
End Sub

' What ReadEndText makes of a text, as "kind|yyyy-mm-dd|text" (no date: "kind||text"); for
' tests, and to see how an end point is read.
Public Function EndPointSummary(ByVal text As String, ByVal yearStart As Long) As String
    Dim out As String
    ReadEndText text, yearStart
    out = EndKind & "|"
    If EndHasDue Then
        out = out & Year(EndDue) & "-" & Right$("0" & Month(EndDue), 2) & "-" & _
              Right$("0" & Day(EndDue), 2)
    End If
    EndPointSummary = out & "|" & EndText
End Function

Private Sub SetEnd(ByVal kind As String, ByVal text As String)
    EndKind = kind
    EndText = text
    EndHasDue = False
    EndDue = 0
End Sub

' "Ongoing ...", "TBC", "Termly" and the like: no deadline.
Private Function IsOpenStart(ByVal low As String) As Boolean
    Dim starts As Variant, i As Long
    starts = Split(Mid$(OPEN_END_STARTS, 2, Len(OPEN_END_STARTS) - 2), "|")
    IsOpenStart = False
    For i = LBound(starts) To UBound(starts)
        If Left$(low, Len(starts(i))) = starts(i) And Not IsWordAt(low, Len(starts(i)) + 1) Then
            IsOpenStart = True
            Exit Function
        End If
    Next i
End Function

' A typed date, month or week: True if the text is one (EndKind is then set, "unknown" when
' it cannot be a real date, such as 31/02/2026, or a date without a year and no plan year).
Private Function ReadTyped(ByVal text As String, ByVal yearStart As Long) As Boolean
    Dim week As Boolean, y As Long, m As Long, d As Long
    ReadTyped = False
    prefixText = Left$(text, PrefixLength(text, week))
    restText = Mid$(text, Len(prefixText) + 1)
    TakeApart restText
    If Not MatchRest() Then Exit Function
    If week And typedKind = "month" Then Exit Function
    ReadTyped = True
    SetEnd "unknown", text
    m = MonthOfToken()
    If iYear > 0 Then
        y = CLng(tokText(iYear))
        If Len(tokText(iYear)) = 2 Then y = y + 2000
    ElseIf yearStart > 0 Then
        y = yearStart
        If m < 9 Then y = y + 1
    Else
        Exit Function
    End If
    If y < 1900 Or m < 1 Or m > 12 Then Exit Function
    If iDay > 0 Then
        d = CLng(tokText(iDay))
        If d < 1 Or d > DaysInMonth(y, m) Then Exit Function
    Else
        d = DaysInMonth(y, m)
    End If
    EndKind = typedKind
    If week Then EndKind = "week"
    EndHasDue = True
    EndDue = DateSerial(y, m, d)
End Function

Public Function MonthOfToken() As Long
    If monthNamed Then
        MonthOfToken = CLng(TableValue(MONTH_NAMES, LCase$(tokText(iMonth))))
    Else
        MonthOfToken = CLng(tokText(iMonth))
    End If
End Function

' How many characters of "w/c ", "week commencing ", "by ", "by the end of " ... start the
' text (0 if none); week is True for a week commencing.
Private Function PrefixLength(ByVal text As String, ByRef week As Boolean) As Long
    Dim low As String, p As Long, q As Long, words As Variant, i As Long
    low = LCase$(text)
    week = False
    p = 0
    If Left$(low, 1) = "w" Then
        q = 2 + SpaceRun(low, 2)
        If Mid$(low, q, 1) = "/" Then
            q = q + 1 + SpaceRun(low, q + 1)
            If IsOneOf(Mid$(low, q, 1), "cbe") Then p = q
        End If
        If p = 0 And Mid$(low, 2, 1) = "." And IsOneOf(Mid$(low, 3, 1), "cbe") Then
            p = 3
            If Mid$(low, 4, 1) = "." Then p = 4
        End If
        If p = 0 And IsOneOf(Mid$(low, 2, 1), "cb") Then p = 2
        If p = 0 And Left$(low, 4) = "week" And SpaceRun(low, 5) > 0 Then
            q = 5 + SpaceRun(low, 5)
            words = Array("commencing", "beginning", "starting", "ending", "of")
            For i = 0 To 4
                If Mid$(low, q, Len(words(i))) = words(i) Then
                    p = q + Len(words(i)) - 1
                    Exit For
                End If
            Next i
        End If
        If p > 0 Then
            week = True
            Do While IsSpaceChar(Mid$(low, p + 1, 1)) Or IsOneOf(Mid$(low, p + 1, 1), ":.-")
                p = p + 1
            Loop
            PrefixLength = p
            Exit Function
        End If
    End If
    p = ByWords(low, 1)
    If p > 0 Then
        PrefixLength = p + EndOfWords(low, p + 1)
    Else
        PrefixLength = EndOfWords(low, 1)
    End If
End Function

' The length of "by ", "before ", "until ", "till ", "due ", "due by ", "deadline: ",
' "no later than " at position at of low (0 if none).
Public Function ByWords(ByVal low As String, ByVal at As Long) As Long
    Dim words As Variant, i As Long, p As Long
    ByWords = 0
    If Mid$(low, at, 3) = "due" And SpaceRun(low, at + 3) > 0 Then
        p = at + 3 + SpaceRun(low, at + 3)
        If Mid$(low, p, 2) = "by" And SpaceRun(low, p + 2) > 0 Then
            ByWords = p + 2 + SpaceRun(low, p + 2) - at
            Exit Function
        End If
    End If
    If Mid$(low, at, 2) = "no" And SpaceRun(low, at + 2) > 0 Then
        p = at + 2 + SpaceRun(low, at + 2)
        If Mid$(low, p, 5) = "later" And SpaceRun(low, p + 5) > 0 Then
            p = p + 5 + SpaceRun(low, p + 5)
            If Mid$(low, p, 4) = "than" And SpaceRun(low, p + 4) > 0 Then
                ByWords = p + 4 + SpaceRun(low, p + 4) - at
                Exit Function
            End If
        End If
    End If
    words = Array("by", "before", "until", "till", "due", "deadline:", "deadline")
    For i = 0 To 6
        p = at + Len(words(i))
        If Mid$(low, at, Len(words(i))) = words(i) And SpaceRun(low, p) > 0 Then
            ByWords = p + SpaceRun(low, p) - at
            Exit Function
        End If
    Next i
End Function

' The length of "end of ", "the end of the " ... at position at of low (0 if none).
Private Function EndOfWords(ByVal low As String, ByVal at As Long) As Long
    Dim p As Long
    EndOfWords = 0
    p = at
    If Mid$(low, p, 3) = "the" And SpaceRun(low, p + 3) > 0 Then p = p + 3 + SpaceRun(low, p + 3)
    If Mid$(low, p, 3) <> "end" Or SpaceRun(low, p + 3) = 0 Then Exit Function
    p = p + 3 + SpaceRun(low, p + 3)
    If Mid$(low, p, 2) <> "of" Or SpaceRun(low, p + 2) = 0 Then Exit Function
    p = p + 2 + SpaceRun(low, p + 2)
    If Mid$(low, p, 3) = "the" And SpaceRun(low, p + 3) > 0 Then p = p + 3 + SpaceRun(low, p + 3)
    EndOfWords = p - at
End Function

' Take text apart into words, numbers and the gaps between them.
Private Sub TakeApart(ByVal text As String)
    Dim i As Long, ch As String, kind As Long, last As Long
    ReDim tokText(1 To Len(text) + 1)
    ReDim tokNum(1 To Len(text) + 1)
    ReDim gapText(1 To Len(text) + 2)
    tokCount = 0
    last = 0
    For i = 1 To Len(text)
        ch = Mid$(text, i, 1)
        kind = 0
        If ch >= "0" And ch <= "9" Then kind = 1
        If (ch >= "a" And ch <= "z") Or (ch >= "A" And ch <= "Z") Then kind = 2
        If kind = 0 Then
            gapText(tokCount + 1) = gapText(tokCount + 1) & ch
        ElseIf kind = last Then
            tokText(tokCount) = tokText(tokCount) & ch
        Else
            tokCount = tokCount + 1
            tokText(tokCount) = ch
            tokNum(tokCount) = (kind = 1)
        End If
        last = kind
    Next i
End Sub

' True if the taken-apart text is a date, month or week careers-xl reads (dates.py's
' patterns, tried in the same order); sets the token numbers and typedKind.
Private Function MatchRest() As Boolean
    Dim s As Long
    MatchRest = False
    iDay = 0
    iMonth = 0
    iYear = 0
    iWday = 0
    iOrd = 0
    monthNamed = False
    If tokCount = 0 Or gapText(1) <> "" Then Exit Function
    s = 1
    If Not tokNum(1) And TableValue(WEEKDAY_NAMES, LCase$(tokText(1))) <> "" Then
        If tokCount < 2 Or Not GapIs(gapText(2), True, True, "", 1) Then Exit Function
        iWday = 1
        s = 2
    End If
    If tokNum(s) Then
        If NumericDate(s, False) Then
            MatchRest = True
            Exit Function
        End If
        If iWday = 0 Then
            If NumericDate(s, True) Then
                MatchRest = True
                Exit Function
            End If
        End If
        If DayMonthYear(s, True) Then
            MatchRest = True
            Exit Function
        End If
        If iWday = 0 And tokCount = s + 1 And Len(tokText(s)) <= 2 And Len(tokText(s + 1)) = 4 Then
            If tokNum(s + 1) And IsOneOf(gapText(s + 1), "/.-") And gapText(s + 2) = "" Then
                SetFields 0, s, s + 1, False, "month"   ' 3/2026
                MatchRest = True
                Exit Function
            End If
        End If
        If tokCount = s + 1 And Len(tokText(s)) <= 2 And Len(tokText(s + 1)) <= 2 Then
            If tokNum(s + 1) And gapText(s + 1) = "/" And gapText(s + 2) = "" Then
                SetFields s, s + 1, 0, False, "date"    ' 13/1
                MatchRest = True
                Exit Function
            End If
        End If
        If DayMonthYear(s, False) Then MatchRest = True
    ElseIf MonthAt(s) Then
        If MonthDayYear(s) Then
            MatchRest = True
            Exit Function
        End If
        If iWday > 0 Then Exit Function
        If tokCount = s + 1 And tokNum(s + 1) And (Len(tokText(s + 1)) = 2 Or Len(tokText(s + 1)) = 4) Then
            If GapIs(gapText(s + 1), True, False, "-/.'", 0) And gapText(s + 2) = "" Then
                SetFields 0, s, s + 1, True, "month"    ' Mar-26, July 2026
                MatchRest = True
                Exit Function
            End If
        End If
        If tokCount = s And (gapText(s + 1) = "" Or gapText(s + 1) = ".") Then
            SetFields 0, s, 0, True, "month"            ' March
            MatchRest = True
        End If
    End If
End Function

Private Sub SetFields(ByVal d As Long, ByVal m As Long, ByVal y As Long, ByVal named As Boolean, _
                      ByVal kind As String)
    iDay = d
    iMonth = m
    iYear = y
    monthNamed = named
    typedKind = kind
End Sub

Private Function MonthAt(ByVal i As Long) As Boolean
    MonthAt = False
    If i > tokCount Then Exit Function
    If tokNum(i) Then Exit Function
    MonthAt = TableValue(MONTH_NAMES, LCase$(tokText(i))) <> ""
End Function

' True if gap is: an optional ".", an optional ",", then at least minimum characters that
' are white space or one of chars.
Private Function GapIs(ByVal gap As String, ByVal dot As Boolean, ByVal comma As Boolean, _
                       ByVal chars As String, ByVal minimum As Long) As Boolean
    Dim p As Long, n As Long
    p = 1
    If dot And Mid$(gap, p, 1) = "." Then p = p + 1
    If comma And Mid$(gap, p, 1) = "," Then p = p + 1
    GapIs = False
    Do While p <= Len(gap)
        If Not (IsSpaceChar(Mid$(gap, p, 1)) Or IsOneOf(Mid$(gap, p, 1), chars)) Then Exit Function
        p = p + 1
        n = n + 1
    Loop
    GapIs = (n >= minimum)
End Function

' 13/01/2026, 07.10.26 (day first) or, yearFirst, 2026-01-13 (maybe with " 00:00").
Private Function NumericDate(ByVal s As Long, ByVal yearFirst As Boolean) As Boolean
    Dim sep As String, tail As String, after As Long
    NumericDate = False
    If tokCount < s + 2 Then Exit Function
    If Not (tokNum(s) And tokNum(s + 1) And tokNum(s + 2)) Then Exit Function
    sep = gapText(s + 1)
    If Not IsOneOf(sep, "/.-") Or gapText(s + 2) <> sep Then Exit Function
    If yearFirst Then
        If Len(tokText(s)) <> 4 Or Len(tokText(s + 1)) > 2 Or Len(tokText(s + 2)) > 2 Then Exit Function
        If tokCount > s + 2 Or gapText(s + 3) <> "" Then
            ' "2026-01-13 00:00" or "2026-01-13T00:00:00" as a date with no time.
            after = InStr(1, restText, tokText(s) & sep & tokText(s + 1) & sep & tokText(s + 2))
            tail = Mid$(restText, after + Len(tokText(s) & sep & tokText(s + 1) & sep & tokText(s + 2)))
            If tail <> " 00:00" And tail <> " 00:00:00" And tail <> "T00:00" And tail <> "T00:00:00" Then Exit Function
        End If
        SetFields s + 2, s + 1, s, False, "date"
    Else
        If tokCount <> s + 2 Or gapText(s + 3) <> "" Then Exit Function
        If Len(tokText(s)) > 2 Or Len(tokText(s + 1)) > 2 Then Exit Function
        If Len(tokText(s + 2)) <> 2 And Len(tokText(s + 2)) <> 4 Then Exit Function
        SetFields s, s + 1, s + 2, False, "date"
    End If
    NumericDate = True
End Function

' 13 March 2026, 13th of Mar-26, Tue 13 Jan 26 or, without a year, 13 March.
Private Function DayMonthYear(ByVal s As Long, ByVal withYear As Boolean) As Boolean
    Dim k As Long, m As Long, ordinal As Long
    DayMonthYear = False
    If Len(tokText(s)) > 2 Then Exit Function
    k = s
    ordinal = 0
    If k + 1 <= tokCount Then
        If Not tokNum(k + 1) And gapText(k + 1) = "" And InList("|st|nd|rd|th|", LCase$(tokText(k + 1))) Then
            ordinal = k + 1
            k = k + 1
        End If
    End If
    m = k + 1
    If m > tokCount Then Exit Function
    If LCase$(tokText(m)) = "of" And Not tokNum(m) And GapIs(gapText(m), False, False, "", 1) Then m = m + 1
    If withYear Then
        If Not GapIs(gapText(m), False, False, "-/.", 0) Then Exit Function
    Else
        If Not GapIs(gapText(m), False, False, "-", 0) Then Exit Function
    End If
    If Not MonthAt(m) Then Exit Function
    If withYear Then
        If tokCount <> m + 1 Or gapText(m + 2) <> "" Then Exit Function
        If Not tokNum(m + 1) Or (Len(tokText(m + 1)) <> 2 And Len(tokText(m + 1)) <> 4) Then Exit Function
        If Not GapIs(gapText(m + 1), True, True, "-/.'", 0) Then Exit Function
        SetFields s, m, m + 1, True, "date"
    Else
        If tokCount <> m Or (gapText(m + 1) <> "" And gapText(m + 1) <> ".") Then Exit Function
        SetFields s, m, 0, True, "date"
    End If
    iOrd = ordinal
    DayMonthYear = True
End Function

' March 13, 2026 or March 13th 2026.
Private Function MonthDayYear(ByVal s As Long) As Boolean
    Dim k As Long, ordinal As Long
    MonthDayYear = False
    If tokCount < s + 2 Then Exit Function
    If Not tokNum(s + 1) Or Len(tokText(s + 1)) > 2 Then Exit Function
    If Not GapIs(gapText(s + 1), True, False, "", 1) Then Exit Function
    k = s + 1
    If Not tokNum(k + 1) And gapText(k + 1) = "" And InList("|st|nd|rd|th|", LCase$(tokText(k + 1))) Then
        ordinal = k + 1
        k = k + 1
    End If
    If tokCount <> k + 1 Or gapText(k + 2) <> "" Then Exit Function
    If Not tokNum(k + 1) Or Len(tokText(k + 1)) <> 4 Then Exit Function
    If Not GapIs(gapText(k + 1), False, True, "", 1) Then Exit Function
    SetFields s + 1, s, k + 1, True, "date"
    iOrd = ordinal
    MonthDayYear = True
End Function

' What a real date's number format shows: "month" (month and year, no day), "week" (its
' text starts "w/c" ...), else "date".
Public Function FormatKind(ByVal numberFormat As String) As String
    Dim i As Long, ch As String, code As String, literal As String, low As String
    Dim week As Boolean, closing As Long
    i = 1
    Do While i <= Len(numberFormat)
        ch = Mid$(numberFormat, i, 1)
        If ch = ";" Then Exit Do
        If ch = """" Then
            closing = InStr(i + 1, numberFormat, """")
            If closing = 0 Then closing = Len(numberFormat) + 1
            literal = literal & Mid$(numberFormat, i + 1, closing - i - 1)
            i = closing + 1
        ElseIf ch = "\" Then
            literal = literal & Mid$(numberFormat, i + 1, 1)
            i = i + 2
        ElseIf ch = "[" Then
            closing = InStr(i, numberFormat, "]")
            If closing = 0 Then closing = Len(numberFormat)
            i = closing + 1
        Else
            low = LCase$(ch)
            If InStr(1, "dmyhs", low) > 0 Then code = code & low Else literal = literal & ch
            i = i + 1
        End If
    Loop
    FormatKind = "date"
    If InStr(1, code, "d") = 0 And InStr(1, code, "m") > 0 And InStr(1, code, "h") = 0 _
       And InStr(1, code, "s") = 0 Then FormatKind = "month"
    literal = Mid$(literal, SpaceRun(literal, 1) + 1)
    If FormatKind = "date" And Len(literal) > 0 Then
        If PrefixLength(literal, week) > 0 And week Then FormatKind = "week"
    End If
End Function

