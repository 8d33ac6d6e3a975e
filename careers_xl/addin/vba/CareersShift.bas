Attribute VB_Name = "CareersShift"
' Careers Plan add-in: end points moved on a year, as the careers-xl rollover moves them
' (careers_xl/dates.py, shift_end_point): a date keeps its day (29 February becomes 28
' February), a month stays that month, a week commencing keeps its weekday, and a typed
' end point is typed again the same way ("Mar-26" -> "Mar-27", "w/c 13/1/26" -> "w/c
' 12/1/27", "Summer 2026" -> "Summer 2027"). The typed text is taken apart by CareersDates.
Option Explicit

' A date some years on, as careers-xl moves an end point of this kind: a month stays that
' month (its last day); a date keeps its day (29 February becomes 28 February); a week
' commencing keeps its weekday (the nearest to the same date).
Public Function ShiftDue(ByVal d As Date, ByVal kind As String, ByVal years As Long) As Date
    Dim y As Long, shift As Long
    y = Year(d) + years
    If kind = "month" Then
        ShiftDue = DateSerial(y, Month(d), DaysInMonth(y, Month(d)))
        Exit Function
    End If
    If Day(d) > DaysInMonth(y, Month(d)) Then
        ShiftDue = DateSerial(y, Month(d), DaysInMonth(y, Month(d)))
    Else
        ShiftDue = DateSerial(y, Month(d), Day(d))
    End If
    If kind = "week" Then
        shift = (((PyWeekday(d) - PyWeekday(ShiftDue) + 3) Mod 7) + 7) Mod 7 - 3
        ShiftDue = ShiftDue + shift
    End If
End Function

' An end point typed as text, moved on some years and typed the same way: "Mar-26" ->
' "Mar-27", "07.10.26" -> "07.10.27", "w/c 13/1/26" -> "w/c 12/1/27" (still a Monday),
' "Summer 2026" -> "Summer 2027". Half-terms without a year, "Ongoing" and text that is no
' date come back as they were.
Public Function ShiftEndText(ByVal text As String, ByVal years As Long, _
                             Optional ByVal yearStart As Long = 0) As String
    Dim due As Date, i As Long, out As String, nameEnd As Long, y1 As Long, y2 As Long
    Dim y2Len As Long, typedDay As Long, size As String
    ShiftEndText = text
    ReadEndText text, yearStart
    If EndKind = "term" Then
        If TermYear(EndText, nameEnd, y1, y2, y2Len) Then
            out = EndText
            If y2 > 0 Then out = Left$(out, y2 - 1) & MovedDigits(Mid$(out, y2, y2Len), years) & Mid$(out, y2 + y2Len)
            out = Left$(out, y1 - 1) & MovedDigits(Mid$(out, y1, 4), years) & Mid$(out, y1 + 4)
            ShiftEndText = out
        End If
        Exit Function
    End If
    If Not EndHasDue Or (EndKind <> "date" And EndKind <> "week" And EndKind <> "month") Then Exit Function
    due = ShiftDue(EndDue, EndKind, years)
    out = prefixText & gapText(1)
    For i = 1 To tokCount
        If i = iDay Then
            out = out & DayText(due, i)
        ElseIf i = iMonth Then
            out = out & MonthText(due, i)
        ElseIf i = iYear Then
            If Len(tokText(i)) = 2 Then
                out = out & Right$("0" & CStr(Year(due) Mod 100), 2)
            Else
                out = out & CStr(Year(due))
            End If
        ElseIf i = iWday Then
            typedDay = CLng(TableValue(WEEKDAY_NAMES, LCase$(tokText(i)))) - 1
            size = NameSize(tokText(i), WeekdayName7(typedDay, "full"))
            out = out & NameText(WeekdayName7(PyWeekday(due), size), tokText(i))
        ElseIf i <> iOrd Then
            out = out & tokText(i)
        End If
        out = out & gapText(i + 1)
    Next i
    ShiftEndText = out
End Function

' Digits moved on some years, keeping how many there are: "26" -> "27", "2026" -> "2027".
Private Function MovedDigits(ByVal digits As String, ByVal years As Long) As String
    Dim moved As Long
    moved = (CLng(digits) + years) Mod CLng(10 ^ Len(digits))
    MovedDigits = Right$(String$(Len(digits), "0") & CStr(moved), Len(digits))
End Function

' The day of d written as the typed day token i was: "7", "07", or "7th" with its ordinal.
Private Function DayText(ByVal d As Date, ByVal i As Long) As String
    Dim suffix As String
    If iOrd > 0 Then
        suffix = "th"
        If Day(d) < 11 Or Day(d) > 13 Then
            Select Case Day(d) Mod 10
                Case 1: suffix = "st"
                Case 2: suffix = "nd"
                Case 3: suffix = "rd"
            End Select
        End If
        If tokText(iOrd) = UCase$(tokText(iOrd)) Then suffix = UCase$(suffix)
        DayText = CStr(Day(d)) & suffix
    ElseIf monthNamed Then
        DayText = Padded(Day(d), tokText(i), "", 1)
    Else
        DayText = Padded(Day(d), tokText(i), tokText(iMonth), 1)
    End If
End Function

' The month of d written as the typed month token i was: "3", "03", "Mar", "MARCH", "Sept".
Private Function MonthText(ByVal d As Date, ByVal i As Long) As String
    Dim size As String
    If Not monthNamed Then
        If iDay > 0 Then
            MonthText = Padded(Month(d), tokText(i), tokText(iDay), 2)
        Else
            MonthText = Padded(Month(d), tokText(i), "", 2)
        End If
        Exit Function
    End If
    size = NameSize(tokText(i), MonthName12(MonthOfToken(), "full"))
    MonthText = NameText(MonthName12(Month(d), size), tokText(i))
End Function

' A number padded the way the person pads it: "31/3/26" is unpadded, "31/03/26" padded; a
' two-digit number that says nothing follows the other field, else the default width.
Private Function Padded(ByVal n As Long, ByVal typed As String, ByVal other As String, _
                        ByVal fallback As Long) As String
    Dim width As Long, out As String
    If Len(typed) = 1 Or Left$(typed, 1) = "0" Then
        width = Len(typed)
    ElseIf other <> "" And Len(other) = 1 Then
        width = 1
    ElseIf other <> "" Then
        width = 2
    Else
        width = fallback
    End If
    out = CStr(n)
    If Len(out) < width Then out = Right$(String$(width, "0") & out, width)
    Padded = out
End Function

' How long a typed month or weekday name is: "abbr" (Mar), "full" (March), "sept", "long"
' (Tues, Weds, Thurs).
Private Function NameSize(ByVal typed As String, ByVal full As String) As String
    If Len(typed) = 3 Then
        NameSize = "abbr"
    ElseIf LCase$(typed) = LCase$(full) Then
        NameSize = "full"
    ElseIf LCase$(typed) = "sept" Then
        NameSize = "sept"
    Else
        NameSize = "long"
    End If
End Function

' A name in the capitals the typed name had: "MAR" -> upper, "mar" -> lower, else as named.
Private Function NameText(ByVal word As String, ByVal typed As String) As String
    If typed = UCase$(Left$(typed, 1)) & LCase$(Mid$(typed, 2)) Then
        NameText = word
    ElseIf typed = UCase$(typed) Then
        NameText = UCase$(word)
    ElseIf typed = LCase$(typed) Then
        NameText = LCase$(word)
    Else
        NameText = word
    End If
End Function

