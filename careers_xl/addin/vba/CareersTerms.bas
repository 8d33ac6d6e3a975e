Attribute VB_Name = "CareersTerms"
' Careers Plan add-in: half-terms and the calendar, as careers-xl knows them
' (careers_xl/terms.py).
'
' A half-term or holiday typed as an end point ("Autumn 2", "Oct half term", "Easter",
' "End of Spring 1", "Summer 2026") means the last day of that half-term. Term dates differ
' by school; these are careers-xl's typical English dates, worked out for any year.
Option Explicit

' The half-term ("autumn1" ... "summer2") a half-term or holiday name means, or "": "Autumn 2",
' "by Easter", "End of Spring 1", or with a year, "Summer 2026", "Autumn 2 2025/26" (its
' academic year is then set in written).
Public Function TermOf(ByVal text As String, ByRef written As Long) As String
    Dim name As String, key As String, nameEnd As Long, y1 As Long, y2 As Long, y2Len As Long
    Dim p As Long
    written = 0
    TermOf = ""
    name = TermName(text)
    p = ByWords(name, 1)
    Do While p > 0
        name = Mid$(name, p + 1)
        p = ByWords(name, 1)
    Loop
    TermOf = TableValue(TermNames(), name)
    If TermOf <> "" Or name = "" Then Exit Function
    If Not TermYear(name, nameEnd, y1, y2, y2Len) Then Exit Function
    key = TableValue(TermNames(), Left$(name, nameEnd))
    If key = "" Then Exit Function
    written = CLng(Mid$(name, y1, 4))
    If y2 > 0 Then
        If (written + 1) Mod 100 <> CLng(Mid$(name, y2, y2Len)) Mod 100 Then
            written = 0
            Exit Function
        End If
    ElseIf Left$(key, 6) <> "autumn" Then
        written = written - 1
    End If
    TermOf = key
End Function

' A half-term name as careers-xl compares it: lower case, no "the", "&" spaced, runs of
' spaces, dashes and underscores as one space, no punctuation at either end.
Private Function TermName(ByVal text As String) As String
    Dim low As String, i As Long, ch As String, out As String
    low = LCase$(text)
    i = 1
    Do While i <= Len(low)
        If Mid$(low, i, 3) = "the" And Not IsWordAt(low, i - 1) And Not IsWordAt(low, i + 3) Then
            out = out & " "
            i = i + 3
        Else
            ch = Mid$(low, i, 1)
            If ch = "&" Then ch = " & "
            If IsSpaceChar(ch) Or ch = "-" Or ch = "_" Or ch = ChrW(8211) Then ch = " "
            If Not (ch = " " And Right$(out, 1) = " ") Then out = out & ch
            i = i + 1
        End If
    Loop
    out = Replace(Replace(out, "  ", " "), "  ", " ")
    Do While Len(out) > 0 And InStr(1, " .,:;!", Left$(out, 1)) > 0
        out = Mid$(out, 2)
    Loop
    Do While Len(out) > 0 And InStr(1, " .,:;!", Right$(out, 1)) > 0
        out = Left$(out, Len(out) - 1)
    Loop
    TermName = out
End Function

' True if text is a name followed by a year: "summer 2026", "Autumn 2 (2025-26)". Gives
' the name's length and where the year (and the second year, and its length) start.
Public Function TermYear(ByVal text As String, ByRef nameEnd As Long, ByRef y1 As Long, _
                          ByRef y2 As Long, ByRef y2Len As Long) As Boolean
    Dim n As Long, p As Long, q As Long, k As Long
    TermYear = False
    For n = 0 To Len(text) - 1
        p = n + 1
        k = 0
        Do While IsSpaceChar(Mid$(text, p, 1)) Or IsOneOf(Mid$(text, p, 1), ",(")
            p = p + 1
            k = k + 1
        Loop
        If k > 0 And (Mid$(text, p, 2) = "19" Or Mid$(text, p, 2) = "20") And _
           IsDigitAt(text, p + 2) And IsDigitAt(text, p + 3) Then
            nameEnd = n
            y1 = p
            y2 = 0
            y2Len = 0
            q = p + 4
            k = 0
            Do While IsSpaceChar(Mid$(text, q, 1)) Or IsOneOf(Mid$(text, q, 1), "/-_" & ChrW(8211))
                q = q + 1
                k = k + 1
            Loop
            If k > 0 And Mid$(text, q, 2) = "20" And IsDigitAt(text, q + 2) And _
               IsDigitAt(text, q + 3) And EndsAt(text, q + 4) Then
                y2 = q
                y2Len = 4
            ElseIf k > 0 And IsDigitAt(text, q) And IsDigitAt(text, q + 1) And EndsAt(text, q + 2) Then
                y2 = q
                y2Len = 2
            End If
            If y2 > 0 Or EndsAt(text, p + 4) Then
                TermYear = True
                Exit Function
            End If
        End If
    Next n
End Function

' True if text ends at position at, or has only ")" left there.
Private Function EndsAt(ByVal text As String, ByVal at As Long) As Boolean
    EndsAt = (at > Len(text)) Or (at = Len(text) And Mid$(text, at, 1) = ")")
End Function

' The last day of a half-term in typical English term dates for the academic year starting
' in September of yearStart (careers_xl/terms.py, TermCalendar.english).
Public Function TermEnd(ByVal key As String, ByVal yearStart As Long) As Date
    Dim easter As Date
    Select Case key
        Case "autumn1"  ' the Friday before October half term, the last full week of October
            TermEnd = OnOrBefore(DateSerial(yearStart, 10, 27), 0) - 3
        Case "autumn2"  ' the last Friday on or before 22 December
            TermEnd = OnOrBefore(DateSerial(yearStart, 12, 22), 4)
        Case "spring1"  ' the Friday before February half term (its Monday falls 12-18 Feb)
            TermEnd = OnOrBefore(DateSerial(yearStart + 1, 2, 18), 0) - 3
        Case "spring2"  ' the Friday before the two weeks around Easter Sunday
            easter = EasterSunday(yearStart + 1)
            TermEnd = easter - 9
        Case "summer1"  ' the Friday before May half term (the late-May bank holiday week)
            TermEnd = OnOrBefore(DateSerial(yearStart + 1, 5, 31), 0) - 3
        Case Else       ' summer2: the last weekday on or before 22 July
            TermEnd = OnOrBefore(DateSerial(yearStart + 1, 7, 22), 4)
            If PyWeekday(DateSerial(yearStart + 1, 7, 22)) < 5 Then TermEnd = DateSerial(yearStart + 1, 7, 22)
    End Select
End Function

' Monday = 0 ... Sunday = 6, as Python numbers weekdays.
Public Function PyWeekday(ByVal d As Date) As Long
    PyWeekday = Weekday(d, vbMonday) - 1
End Function

' The last given weekday (Monday = 0) on or before d.
Public Function OnOrBefore(ByVal d As Date, ByVal wd As Long) As Date
    OnOrBefore = d - (((PyWeekday(d) - wd) Mod 7) + 7) Mod 7
End Function

' Western Easter Sunday (the anonymous Gregorian computus).
Public Function EasterSunday(ByVal y As Long) As Date
    Dim a As Long, b As Long, c As Long, d As Long, e As Long, g As Long, h As Long
    Dim i As Long, k As Long, weeks As Long, m As Long, n As Long
    a = y Mod 19
    b = y \ 100
    c = y Mod 100
    d = b \ 4
    e = b Mod 4
    g = (b - (b + 8) \ 25 + 1) \ 3
    h = (19 * a + b - d - g + 15) Mod 30
    i = c \ 4
    k = c Mod 4
    weeks = (32 + 2 * e + 2 * i - h - k) Mod 7
    m = (a + 11 * h + 22 * weeks) \ 451
    n = h + weeks - 7 * m + 114
    EasterSunday = DateSerial(y, n \ 31, (n Mod 31) + 1)
End Function

Public Function DaysInMonth(ByVal y As Long, ByVal m As Long) As Long
    Select Case m
        Case 2
            DaysInMonth = 28
            If (y Mod 4 = 0 And y Mod 100 <> 0) Or y Mod 400 = 0 Then DaysInMonth = 29
        Case 4, 6, 9, 11
            DaysInMonth = 30
        Case Else
            DaysInMonth = 31
    End Select
End Function

' English month and weekday names (never the PC's language, as careers-xl writes them).
Public Function MonthName12(ByVal m As Long, ByVal size As String) As String
    Dim full As Variant, word As String
    full = Array("January", "February", "March", "April", "May", "June", "July", _
                 "August", "September", "October", "November", "December")
    word = full(m - 1)
    If size = "abbr" Or (size = "sept" And m <> 9) Then word = Left$(word, 3)
    If size = "sept" And m = 9 Then word = "Sept"
    MonthName12 = word
End Function

Public Function WeekdayName7(ByVal wd As Long, ByVal size As String) As String
    Dim full As Variant, long4 As Variant
    full = Array("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    long4 = Array("Mon", "Tues", "Weds", "Thurs", "Fri", "Sat", "Sun")
    If size = "abbr" Then
        WeekdayName7 = Left$(full(wd), 3)
    ElseIf size = "long" Then
        WeekdayName7 = long4(wd)
    Else
        WeekdayName7 = full(wd)
    End If
End Function

' A date as careers-xl words it in its messages: "07 October 2026".
Public Function LongDate(ByVal d As Date) As String
    LongDate = Right$("0" & CStr(Day(d)), 2) & " " & MonthName12(Month(d), "full") & " " & CStr(Year(d))
End Function
