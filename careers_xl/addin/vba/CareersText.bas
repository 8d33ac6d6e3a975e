Attribute VB_Name = "CareersText"
' Careers Plan add-in: text as careers-xl compares it (white space, letters and digits,
' normalised names, "|"-separated word lists and "|key=value|" tables, lists of leads and
' of evidence, how alike two words are).
Option Explicit

' True for the characters Python counts as white space.
Public Function IsSpaceChar(ByVal ch As String) As Boolean
    Dim code As Long
    IsSpaceChar = False
    If ch = "" Then Exit Function
    code = AscW(ch)
    If code < 0 Then code = code + 65536
    Select Case code
        Case 9 To 13, 28 To 32, 133, 160, 5760, 8192 To 8202, 8232, 8233, 8239, 8287, 12288
            IsSpaceChar = True
    End Select
End Function

' Text without white space (of any kind) at either end.
Public Function Stripped(ByVal text As String) As String
    Dim first As Long, last As Long
    first = 1
    last = Len(text)
    Do While first <= last
        If Not IsSpaceChar(Mid$(text, first, 1)) Then Exit Do
        first = first + 1
    Loop
    Do While last >= first
        If Not IsSpaceChar(Mid$(text, last, 1)) Then Exit Do
        last = last - 1
    Loop
    Stripped = Mid$(text, first, last - first + 1)
End Function

' True if the character at position i of text is a digit 0-9.
Public Function IsDigitAt(ByVal text As String, ByVal i As Long) As Boolean
    If i < 1 Or i > Len(text) Then
        IsDigitAt = False
    Else
        IsDigitAt = (Mid$(text, i, 1) >= "0" And Mid$(text, i, 1) <= "9")
    End If
End Function

' True if the character at position i is a letter, digit or underscore (a regex \w).
Public Function IsWordAt(ByVal text As String, ByVal i As Long) As Boolean
    Dim ch As String
    IsWordAt = False
    If i < 1 Or i > Len(text) Then Exit Function
    ch = LCase$(Mid$(text, i, 1))
    IsWordAt = (ch >= "a" And ch <= "z") Or (ch >= "0" And ch <= "9") Or ch = "_"
End Function

' Lower-case letters and digits only: "Lead(s)" -> "leads", "R.A.G" -> "rag".
Public Function Normalise(ByVal text As String) As String
    Dim i As Long, ch As String, out As String
    text = LCase$(text)
    For i = 1 To Len(text)
        ch = Mid$(text, i, 1)
        If (ch >= "a" And ch <= "z") Or (ch >= "0" And ch <= "9") Then out = out & ch
    Next i
    Normalise = out
End Function

' True if word is one of the "|"-separated words of list.
Public Function InList(ByVal list As String, ByVal word As String) As Boolean
    InList = InStr(1, list, "|" & word & "|", vbBinaryCompare) > 0
End Function

' The value of key in a "|key=value|key=value|" table, or "".
Public Function TableValue(ByVal table As String, ByVal key As String) As String
    Dim at As Long, ends As Long
    TableValue = ""
    at = InStr(1, table, "|" & key & "=", vbBinaryCompare)
    If at = 0 Then Exit Function
    at = at + Len(key) + 2
    ends = InStr(at, table, "|")
    TableValue = Mid$(table, at, ends - at)
End Function

' How Excel names a cell on a sheet in a formula: 'BM3 Needs'!E7 (quotes when needed).
Public Function CellRef(ByVal sheetName As String, ByVal address As String) As String
    Dim i As Long, ch As String, plain As Boolean
    plain = Len(sheetName) > 0
    For i = 1 To Len(sheetName)
        ch = Mid$(sheetName, i, 1)
        If Not (IsWordAt(sheetName, i) Or (ch = "." And i > 1)) Then plain = False
    Next i
    If plain Then plain = Not IsDigitAt(sheetName, 1)
    If plain Then
        CellRef = sheetName & "!" & address
    Else
        CellRef = "'" & Replace(sheetName, "'", "''") & "'!" & address
    End If
End Function

' Leads as careers-xl lists them: "ZCO/JHO", "ZCO, GOCA", "ZCO & JH", "ZCO and GOCA" all give
' "ZCO/JHO"-style text, one lead after another with "/" between ("" when there is none).
' An "and" before a number joins numbers, not people: "Head of Year 7 and 8" is one lead.
Public Function LeadList(ByVal text As String) As String
    Dim i As Long, ch As String, part As String, out As String
    i = 1
    Do While i <= Len(text) + 1
        ch = Mid$(text, i, 1)
        If ch = "" Or InStr(1, "/,;&+" & vbLf, ch) > 0 Or (Mid$(text, i, 3) = "and" And _
           Not IsWordAt(text, i - 1) And Not IsWordAt(text, i + 3) And Not NumberNext(text, i + 3)) Then
            If Stripped(part) <> "" Then
                If out <> "" Then out = out & "/"
                out = out & Stripped(part)
            End If
            part = ""
            If Mid$(text, i, 3) = "and" Then i = i + 2
        Else
            part = part & ch
        End If
        i = i + 1
    Loop
    LeadList = out
End Function

' True when the first character at or after position i that is not a space is a digit.
Private Function NumberNext(ByVal text As String, ByVal i As Long) As Boolean
    Do While i <= Len(text)
        If Not IsSpaceChar(Mid$(text, i, 1)) Then Exit Do
        i = i + 1
    Loop
    NumberNext = False
    If i <= Len(text) Then NumberNext = (Mid$(text, i, 1) >= "0" And Mid$(text, i, 1) <= "9")
End Function

' Evidence items as careers-xl lists them: one a line, bullets ("-", "*", "•") taken off,
' blank lines left out; the items with line breaks between ("" when there is none).
Public Function EvidenceLines(ByVal text As String) As String
    Dim lines As Variant, i As Long, item As String, out As String
    lines = Split(Replace(Replace(text, vbCr & vbLf, vbLf), vbCr, vbLf), vbLf)
    For i = LBound(lines) To UBound(lines)
        item = lines(i)
        Do While Len(item) > 0
            If Not (IsSpaceChar(Left$(item, 1)) Or InStr(1, "-*" & ChrW(8226) & ChrW(183), Left$(item, 1)) > 0) Then Exit Do
            item = Mid$(item, 2)
        Loop
        item = Stripped(item)
        If item <> "" Then
            If out <> "" Then out = out & vbLf
            out = out & item
        End If
    Next i
    EvidenceLines = out
End Function

' The Compass percentage a line states ("... has met 77% of the assessment areas"), or -1,
' as careers-xl's headers.compass_percent (a line "not yet evaluated" states none).
Public Function CompassPercent(ByVal text As String) As Long
    Dim lowered As String, i As Long, j As Long, digits As String
    CompassPercent = -1
    lowered = LCase$(text)
    If InStr(lowered, "compass") = 0 And InStr(lowered, "assessment area") = 0 Then Exit Function
    If InStr(lowered, "not yet evaluated") > 0 Then Exit Function
    For i = 1 To Len(lowered)
        If Mid$(lowered, i, 1) = "%" Then
            j = i - 1
            Do While j >= 1
                If Mid$(lowered, j, 1) <> " " Then Exit Do
                j = j - 1
            Loop
            digits = ""
            Do While j >= 1 And Len(digits) < 3
                If Not (Mid$(lowered, j, 1) Like "#") Then Exit Do
                digits = Mid$(lowered, j, 1) & digits
                j = j - 1
            Loop
            If digits <> "" Then
                If CLng(digits) <= 100 Then CompassPercent = CLng(digits)
                Exit Function
            End If
        End If
    Next i
End Function

' --- column names -------------------------------------------------------------------------

' How alike two words are (0 to 1), as Python's difflib.SequenceMatcher(None, a, b).ratio().
Public Function Likeness(ByVal a As String, ByVal b As String) As Double
    If Len(a) + Len(b) = 0 Then
        Likeness = 1
    Else
        Likeness = 2 * MatchedChars(a, 1, Len(a), b, 1, Len(b)) / (Len(a) + Len(b))
    End If
End Function

' Characters of a(alo..ahi) and b(blo..bhi) in matching blocks: the longest block (earliest
' in a, then in b), then the same again either side of it.
Private Function MatchedChars(ByVal a As String, ByVal alo As Long, ByVal ahi As Long, _
                              ByVal b As String, ByVal blo As Long, ByVal bhi As Long) As Long
    Dim i As Long, j As Long, k As Long, bestI As Long, bestJ As Long, bestK As Long
    MatchedChars = 0
    If alo > ahi Or blo > bhi Then Exit Function
    For i = alo To ahi
        For j = blo To bhi
            k = 0
            Do While i + k <= ahi And j + k <= bhi
                If Mid$(a, i + k, 1) <> Mid$(b, j + k, 1) Then Exit Do
                k = k + 1
            Loop
            If k > bestK Then
                bestI = i
                bestJ = j
                bestK = k
            End If
        Next j
    Next i
    If bestK = 0 Then Exit Function
    MatchedChars = bestK + MatchedChars(a, alo, bestI - 1, b, blo, bestJ - 1) + _
                   MatchedChars(a, bestI + bestK, ahi, b, bestJ + bestK, bhi)
End Function

' Text split at runs of white space, without empty pieces.
Public Function SplitSpaces(ByVal text As String) As Variant
    Dim i As Long, ch As String, out As String
    For i = 1 To Len(text)
        ch = Mid$(text, i, 1)
        If IsSpaceChar(ch) Then ch = " "
        If Not (ch = " " And (Right$(out, 1) = " " Or out = "")) Then out = out & ch
    Next i
    If Right$(out, 1) = " " Then out = Left$(out, Len(out) - 1)
    SplitSpaces = Split(out, " ")
End Function

' How many white-space characters start at position at.
Public Function SpaceRun(ByVal text As String, ByVal at As Long) As Long
    Dim n As Long
    Do While IsSpaceChar(Mid$(text, at + n, 1))
        n = n + 1
    Loop
    SpaceRun = n
End Function

' True if ch is one character of chars (never for "").
Public Function IsOneOf(ByVal ch As String, ByVal chars As String) As Boolean
    IsOneOf = (Len(ch) = 1 And InStr(1, chars, ch) > 0)
End Function

