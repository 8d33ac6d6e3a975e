Attribute VB_Name = "CareersSheets"
' Careers Plan add-in: finding your way around a careers strategic-plan workbook.
'
' A plan sheet has a title, a Compass line, then a two-row header: a row of merged
' period labels ("Action Period 1 (Autumn terms 1 and 2)" ...) and a row of column
' names: Objective | Action, Lead, Progress, End point, Impact/ Evidence, RAG,
' Evidence list | the same again for period 2 and period 3. Each period block starts
' at an "Action" column. The other buttons use these helpers to find the right cells,
' so they work even when a school has added, moved or renamed columns.
'
' This code was written for careers-xl (https://pypi.org/project/careers-xl/).
Option Explicit

' How far down a sheet we look for the row of column names.
Public Const HEADER_SEARCH_ROWS As Long = 15
' Sheets the add-in writes itself: never read as plan sheets, though their headings
' (Objective, Action, RAG ...) look like one.
Public Const HISTORY_SHEET As String = "History"
Public Const CHECK_SHEET As String = "Check results"

' The workbook a command works on: the one given, else the workbook you are looking at.
' (In the add-in, ThisWorkbook is the add-in itself, so it is only the last resort.)
Public Function PlanBook(Optional ByVal wb As Variant) As Object
    If Not IsMissing(wb) Then
        If IsObject(wb) Then
            If Not wb Is Nothing Then
                Set PlanBook = wb
                Exit Function
            End If
        End If
    End If
    On Error Resume Next
    Set PlanBook = ActiveWorkbook
    On Error GoTo 0
    If PlanBook Is Nothing Then Set PlanBook = ThisWorkbook
End Function

' The sheet called name (any capitals), or Nothing.
Public Function FindSheet(ByVal book As Object, ByVal name As String) As Object
    Dim ws As Object
    For Each ws In book.Worksheets
        If LCase$(ws.Name) = LCase$(name) Then
            Set FindSheet = ws
            Exit Function
        End If
    Next ws
    Set FindSheet = Nothing
End Function

' A cell's value as trimmed text; error values (#N/A ...) count as empty.
Public Function CellText(ByVal cell As Object) As String
    Dim v As Variant
    v = cell.Value
    If IsError(v) Or IsEmpty(v) Or IsNull(v) Then
        CellText = ""
    Else
        CellText = Trim$(CStr(v))
    End If
End Function

' A header as a bare word to compare: "R.A.G" -> "rag", "End Point" -> "endpoint".
Public Function HeaderWord(ByVal text As String) As String
    Dim word As String
    word = LCase$(Trim$(text))
    word = Replace(word, ".", "")
    word = Replace(word, " ", "")
    word = Replace(word, vbLf, "")
    HeaderWord = word
End Function

' Which kind of column a header names: "action", "lead", "progress", "end", "impact",
' "rag", "evidence", "carried", "objective", "benchmark", or "" for anything else.
Public Function ColumnRole(ByVal header As String) As String
    Dim word As String
    word = HeaderWord(header)
    ColumnRole = ""
    If word = "" Then Exit Function
    If Left$(word, 9) = "objective" Then
        ColumnRole = "objective"
    ElseIf Left$(word, 9) = "benchmark" Then
        ColumnRole = "benchmark"
    ElseIf word = "action" Or word = "actions" Then
        ColumnRole = "action"
    ElseIf Left$(word, 4) = "lead" Then
        ColumnRole = "lead"
    ElseIf Left$(word, 8) = "progress" Then
        ColumnRole = "progress"
    ElseIf Left$(word, 8) = "endpoint" Or Left$(word, 8) = "deadline" Or word = "enddate" Then
        ColumnRole = "end"
    ElseIf Left$(word, 6) = "impact" Then
        ColumnRole = "impact"
    ElseIf Left$(word, 3) = "rag" Or word = "brag" Then
        ColumnRole = "rag"
    ElseIf Left$(word, 4) = "evid" Then
        ColumnRole = "evidence"
    ElseIf word = HeaderWord(CARRIED_NOTE_COLUMN) Then
        ColumnRole = "carried"
    End If
End Function

' The last row and column anything is typed in.
Public Function LastUsedRow(ByVal ws As Object) As Long
    LastUsedRow = ws.UsedRange.Row + ws.UsedRange.Rows.Count - 1
End Function

Public Function LastUsedColumn(ByVal ws As Object) As Long
    LastUsedColumn = ws.UsedRange.Column + ws.UsedRange.Columns.Count - 1
End Function

' The row of column names (Objective, Action, ..., RAG), or 0 if ws is not a plan sheet.
Public Function FindHeaderRow(ByVal ws As Object) As Long
    Dim r As Long, c As Long, lastCol As Long, role As String
    Dim hasObjective As Boolean, hasAction As Boolean, hasRag As Boolean
    FindHeaderRow = 0
    If LCase$(ws.Name) = LCase$(HISTORY_SHEET) Or LCase$(ws.Name) = LCase$(CHECK_SHEET) Then
        Exit Function
    End If
    lastCol = LastUsedColumn(ws)
    For r = 1 To HEADER_SEARCH_ROWS
        hasObjective = False
        hasAction = False
        hasRag = False
        For c = 1 To lastCol
            role = ColumnRole(CellText(ws.Cells(r, c)))
            If role = "objective" Then hasObjective = True
            If role = "action" Then hasAction = True
            If role = "rag" Then hasRag = True
        Next c
        If hasObjective And hasAction And hasRag Then
            FindHeaderRow = r
            Exit Function
        End If
    Next r
End Function

' The first column of a given role on the header row (0 if none), e.g. "objective".
Public Function SheetColumn(ByVal ws As Object, ByVal headerRow As Long, _
                            ByVal role As String) As Long
    Dim c As Long
    For c = 1 To LastUsedColumn(ws)
        If ColumnRole(CellText(ws.Cells(headerRow, c))) = role Then
            SheetColumn = c
            Exit Function
        End If
    Next c
    SheetColumn = 0
End Function

' How many action periods the sheet has (one per "Action" column).
Public Function PeriodCount(ByVal ws As Object, ByVal headerRow As Long) As Long
    Dim c As Long, n As Long
    For c = 1 To LastUsedColumn(ws)
        If ColumnRole(CellText(ws.Cells(headerRow, c))) = "action" Then n = n + 1
    Next c
    PeriodCount = n
End Function

' The first column of action period p (its "Action" column), or 0.
Public Function PeriodStart(ByVal ws As Object, ByVal headerRow As Long, _
                            ByVal p As Long) As Long
    Dim c As Long, n As Long
    For c = 1 To LastUsedColumn(ws)
        If ColumnRole(CellText(ws.Cells(headerRow, c))) = "action" Then
            n = n + 1
            If n = p Then
                PeriodStart = c
                Exit Function
            End If
        End If
    Next c
    PeriodStart = 0
End Function

' The last column of action period p: just before the next period, or the last used column.
Public Function PeriodEnd(ByVal ws As Object, ByVal headerRow As Long, ByVal p As Long) As Long
    If p < PeriodCount(ws, headerRow) Then
        PeriodEnd = PeriodStart(ws, headerRow, p + 1) - 1
    Else
        PeriodEnd = LastUsedColumn(ws)
    End If
End Function

' The action period a column belongs to, or 0 for columns left of the first period.
Public Function PeriodOfColumn(ByVal ws As Object, ByVal headerRow As Long, _
                               ByVal col As Long) As Long
    Dim p As Long
    PeriodOfColumn = 0
    For p = 1 To PeriodCount(ws, headerRow)
        If col >= PeriodStart(ws, headerRow, p) Then PeriodOfColumn = p
    Next p
End Function

' The column of a given role inside action period p ("rag", "lead" ...), or 0.
Public Function RoleColumn(ByVal ws As Object, ByVal headerRow As Long, _
                           ByVal p As Long, ByVal role As String) As Long
    Dim c As Long
    For c = PeriodStart(ws, headerRow, p) To PeriodEnd(ws, headerRow, p)
        If ColumnRole(CellText(ws.Cells(headerRow, c))) = role Then
            RoleColumn = c
            Exit Function
        End If
    Next c
    RoleColumn = 0
End Function

' The objective of a row; a blank cell inside a merged block reads the merged value,
' and a blank unmerged cell takes the objective of the row above (actions listed under it).
Public Function ObjectiveText(ByVal ws As Object, ByVal headerRow As Long, _
                              ByVal r As Long) As String
    Dim col As Long, row As Long
    col = SheetColumn(ws, headerRow, "objective")
    ObjectiveText = ""
    If col = 0 Then Exit Function
    For row = r To headerRow + 1 Step -1
        ObjectiveText = CellText(ws.Cells(row, col).MergeArea.Cells(1, 1))
        If ObjectiveText <> "" Then Exit Function
    Next row
End Function

' The RAG word (Red, Amber, Green, Complete) for what someone typed: "G", "red",
' "R.A.G"-style dots and "on track" all count; "" if it is blank or not a RAG word.
Public Function RagLabel(ByVal typed As String) As String
    Dim key As String
    key = "|" & LCase$(Trim$(Replace(typed, ".", ""))) & "|"
    RagLabel = ""
    If key = "||" Then Exit Function
    If InStr(1, RAG_WORDS_RED, key) > 0 Then
        RagLabel = RAG_RED
    ElseIf InStr(1, RAG_WORDS_AMBER, key) > 0 Then
        RagLabel = RAG_AMBER
    ElseIf InStr(1, RAG_WORDS_GREEN, key) > 0 Then
        RagLabel = RAG_GREEN
    ElseIf InStr(1, RAG_WORDS_COMPLETE, key) > 0 Then
        RagLabel = RAG_COMPLETE
    End If
End Function

' The fill and font colours for a RAG word, as the plan's own colour rules use them.
Public Function RagFill(ByVal label As String) As Long
    Select Case label
        Case RAG_RED: RagFill = RAG_FILL_RED
        Case RAG_AMBER: RagFill = RAG_FILL_AMBER
        Case RAG_GREEN: RagFill = RAG_FILL_GREEN
        Case Else: RagFill = RAG_FILL_COMPLETE
    End Select
End Function

Public Function RagFont(ByVal label As String) As Long
    Select Case label
        Case RAG_RED: RagFont = RAG_FONT_RED
        Case RAG_AMBER: RagFont = RAG_FONT_AMBER
        Case RAG_GREEN: RagFont = RAG_FONT_GREEN
        Case Else: RagFont = RAG_FONT_COMPLETE
    End Select
End Function

' The Gatsby Benchmark (1-8) a text names: "Gatsby Benchmark 3", "BM3", "GB 3" ...; 0 if none.
Public Function BenchmarkNumber(ByVal text As String) As Long
    Dim squashed As String, names As Variant, i As Long, at As Long, digit As String
    squashed = LCase$(Replace(text, " ", ""))
    If IsNumeric(squashed) And Len(squashed) = 1 Then
        BenchmarkNumber = CLng(squashed)
        Exit Function
    End If
    names = Array("benchmark", "gatsby", "bm", "gb")
    For i = LBound(names) To UBound(names)
        at = InStr(1, squashed, names(i))
        If at > 0 Then
            digit = Mid$(squashed, at + Len(names(i)), 1)
            If digit >= "1" And digit <= "8" Then
                BenchmarkNumber = CLng(digit)
                Exit Function
            End If
        End If
    Next i
    BenchmarkNumber = 0
End Function

' The Cover sheet's "Academic year" value cell (column B beside the label), or Nothing.
Public Function CoverYearCell(ByVal book As Object) As Object
    Dim cover As Object, r As Long
    Set CoverYearCell = Nothing
    Set cover = FindSheet(book, "Cover")
    If cover Is Nothing Then Exit Function
    For r = 1 To LastUsedRow(cover)
        If HeaderWord(CellText(cover.Cells(r, 1))) = "academicyear" Then
            Set CoverYearCell = cover.Cells(r, 2)
            Exit Function
        End If
    Next r
End Function

' True if the character at position i of text is a digit 0-9.
Public Function IsDigitAt(ByVal text As String, ByVal i As Long) As Boolean
    If i < 1 Or i > Len(text) Then
        IsDigitAt = False
    Else
        IsDigitAt = (Mid$(text, i, 1) >= "0" And Mid$(text, i, 1) <= "9")
    End If
End Function

' The first year of the academic year a text names ("2025/26", "2025-26", "2025-2026",
' "2025_26" all give 2025), or 0 when it names none.
Public Function AcademicYearStart(ByVal text As String) As Long
    Dim i As Long, j As Long, first As Long, second As Long
    For i = 1 To Len(text) - 3
        If Mid$(text, i, 2) = "20" And IsDigitAt(text, i + 2) And IsDigitAt(text, i + 3) _
           And Not IsDigitAt(text, i - 1) Then
            first = CLng(Mid$(text, i, 4))
            j = i + 4
            Do While Mid$(text, j, 1) = " "
                j = j + 1
            Loop
            If InStr(1, "/-_" & ChrW(8211), Mid$(text, j, 1)) > 0 And j <= Len(text) Then
                j = j + 1
                Do While Mid$(text, j, 1) = " "
                    j = j + 1
                Loop
                If Mid$(text, j, 2) = "20" And IsDigitAt(text, j + 3) Then j = j + 2
                If IsDigitAt(text, j) And IsDigitAt(text, j + 1) _
                   And Not IsDigitAt(text, j + 2) Then
                    second = CLng(Mid$(text, j, 2))
                    If (first + 1) Mod 100 = second Then
                        AcademicYearStart = first
                        Exit Function
                    End If
                End If
            End If
        End If
    Next i
    AcademicYearStart = 0
End Function

' An academic year written the careers-xl way: 2025 -> "2025/26".
Public Function AcademicYearText(ByVal startYear As Long) As String
    AcademicYearText = CStr(startYear) & "/" & Right$("0" & CStr((startYear + 1) Mod 100), 2)
End Function

' Text with an academic year renamed in whichever way it was written:
' "Plan 2025-26" -> "Plan 2026-27", "2025/2026" -> "2026/2027".
Public Function RenameYear(ByVal text As String, ByVal oldStart As Long, _
                           ByVal newStart As Long) As String
    Dim seps As Variant, i As Long, oldShort As String, newShort As String
    seps = Array("/", "-", "_", ChrW(8211))
    oldShort = Right$("0" & CStr((oldStart + 1) Mod 100), 2)
    newShort = Right$("0" & CStr((newStart + 1) Mod 100), 2)
    For i = LBound(seps) To UBound(seps)
        text = Replace(text, CStr(oldStart) & seps(i) & CStr(oldStart + 1), _
                       CStr(newStart) & seps(i) & CStr(newStart + 1))
        text = Replace(text, CStr(oldStart) & seps(i) & oldShort, _
                       CStr(newStart) & seps(i) & newShort)
    Next i
    RenameYear = text
End Function
